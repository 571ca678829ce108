// Backtest runs as the workspace database keeps them (table `runs` of `.verdict/studio.duckdb`, beside
// the saved versions): what was compared, how it went, and the report. Each method is one statement
// on the database's single thread, so statements never interleave.

import type { DuckDBThread, Row } from './duckdb-thread.js';

export type RunStatus = 'running' | 'done' | 'failed' | 'cancelled';

export interface RunSide {
  /** The saved version replayed, or absent for the draft. */
  version?: number;
  /** The draft text replayed (only in a run's full inputs, never in the list). */
  draft?: string;
  set: string[];
  switch: string[];
  /** How the report names it: `application.policy@3`, or the policy path for the draft. */
  label: string;
  /** sha256 of the policy text replayed. */
  sha256: string;
}

export interface RunInputs {
  policy: string;
  base: RunSide;
  candidate: RunSide;
  dataset: string;
  datasetFormat: string;
  datasetBytes: number;
  /** sha256 of the dataset, as the run read it: known once it is done. */
  datasetSha256?: string;
  outcomeLabel?: string;
  sweep?: string;
}

export interface RunProgress {
  records: number;
  bytes: number;
  totalBytes?: number;
}

/** The figures a list of runs shows: enough to tell them apart without opening the reports. */
export interface RunHeadline {
  records: number;
  flipped: number;
  flippedRate: string | null;
  approvalRate: { base: string | null; candidate: string | null };
  costPerApplicant: { base: string; candidate: string };
  /** Bad rate among approved applicants, when the data carries the outcome label. */
  badRateApproved: { base: string | null; candidate: string | null } | null;
}

export interface Run {
  id: string;
  policy: string;
  status: RunStatus;
  /** ISO 8601, UTC, millisecond precision. */
  createdAt: string;
  finishedAt?: string;
  error?: string;
  inputs: RunInputs;
  progress: RunProgress;
  headline?: RunHeadline;
}

export interface RunEnd {
  status: Exclude<RunStatus, 'running'>;
  progress: RunProgress;
  error?: string;
  inputs?: RunInputs;
  headline?: RunHeadline;
  /** The report as JSON text. */
  report?: string;
}

export const INTERRUPTED = 'interrupted: the studio stopped before the run finished';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS runs (
  id          VARCHAR   PRIMARY KEY,
  policy      VARCHAR   NOT NULL,
  status      VARCHAR   NOT NULL,
  created_at  TIMESTAMP NOT NULL, -- UTC
  finished_at TIMESTAMP,
  inputs      VARCHAR   NOT NULL, -- JSON (RunInputs)
  progress    VARCHAR   NOT NULL, -- JSON (RunProgress)
  error       VARCHAR,
  headline    VARCHAR,            -- JSON (RunHeadline)
  report      VARCHAR             -- JSON (verdict.backtest/1)
);
`;

const COLUMNS = `id, policy, status, epoch_ms(created_at) AS created_ms, epoch_ms(finished_at) AS finished_ms, inputs, progress, error, headline`;

export class RunStore {
  private constructor(private readonly db: DuckDBThread) {}

  /** Creates the table when needed and marks the runs a stopped server left `running` as failed. */
  static async open(db: DuckDBThread): Promise<RunStore> {
    await db.query(SCHEMA);
    await db.query(`UPDATE runs SET status = 'failed', error = $error, finished_at = epoch_ms($ms::BIGINT) WHERE status = 'running'`, { error: INTERRUPTED, ms: Date.now() });
    return new RunStore(db);
  }

  async insert(run: Run): Promise<void> {
    await this.db.query(
      `INSERT INTO runs (id, policy, status, created_at, inputs, progress) VALUES ($id, $policy, $status, epoch_ms($ms::BIGINT), $inputs, $progress)`,
      { id: run.id, policy: run.policy, status: run.status, ms: Date.parse(run.createdAt), inputs: JSON.stringify(run.inputs), progress: JSON.stringify(run.progress) },
    );
  }

  async finish(id: string, end: RunEnd): Promise<void> {
    await this.db.query(
      `UPDATE runs SET status = $status, finished_at = epoch_ms($ms::BIGINT), progress = $progress, error = $error::VARCHAR,
         headline = $headline::VARCHAR, report = $report::VARCHAR, inputs = coalesce($inputs::VARCHAR, inputs)
       WHERE id = $id`,
      {
        id,
        status: end.status,
        ms: Date.now(),
        progress: JSON.stringify(end.progress),
        error: end.error ?? null,
        headline: end.headline ? JSON.stringify(end.headline) : null,
        report: end.report ?? null,
        inputs: end.inputs ? JSON.stringify(end.inputs) : null,
      },
    );
  }

  async get(id: string): Promise<Run | undefined> {
    const [row] = await this.db.query(`SELECT ${COLUMNS} FROM runs WHERE id = $id`, { id });
    return row && toRun(row);
  }

  /** The report's JSON text, when the run is done. */
  async report(id: string): Promise<string | undefined> {
    const [row] = await this.db.query(`SELECT report FROM runs WHERE id = $id`, { id });
    return typeof row?.report === 'string' ? row.report : undefined;
  }

  /** Removes the run's row; false when there was none. */
  async delete(id: string): Promise<boolean> {
    const rows = await this.db.query(`DELETE FROM runs WHERE id = $id RETURNING id`, { id });
    return rows.length > 0;
  }

  /** Newest first; every policy's when `policy` is undefined. */
  async list(policy: string | undefined): Promise<Run[]> {
    const rows = await this.db.query(
      `SELECT ${COLUMNS} FROM runs WHERE $policy::VARCHAR IS NULL OR policy = $policy::VARCHAR ORDER BY created_at DESC, id DESC`,
      { policy: policy ?? null },
    );
    return rows.map(toRun);
  }
}

function toRun(row: Row): Run {
  const finished = row.finished_ms;
  return {
    id: row.id as string,
    policy: row.policy as string,
    status: row.status as RunStatus,
    createdAt: new Date(Number(row.created_ms)).toISOString(),
    ...(finished !== null && finished !== undefined ? { finishedAt: new Date(Number(finished)).toISOString() } : {}),
    ...(typeof row.error === 'string' ? { error: row.error } : {}),
    inputs: JSON.parse(row.inputs as string) as RunInputs,
    progress: JSON.parse(row.progress as string) as RunProgress,
    ...(typeof row.headline === 'string' ? { headline: JSON.parse(row.headline) as RunHeadline } : {}),
  };
}
