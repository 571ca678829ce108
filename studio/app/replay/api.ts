// The replay half of the studio's HTTP API (brief/replay-api.md), typed: records of a dataset,
// one decision against the draft, and backtest runs kept by the server.

import type { BacktestReport, RecordRef } from '../../../runtime/replay/report.js';
import type { DecisionResult } from '../../../runtime/result.js';
import type { RunHeadline, RunProgress, RunStatus } from '../../server/runs-store.js';

export interface RecordItem {
  /** 0-based position in the file. */
  index: number;
  /** The record's `id` field, or `#index`. */
  id: string;
  line?: number;
  record?: Record<string, unknown>;
  /** Why the line could not be read. */
  error?: string;
}

export interface RecordsPage {
  path: string;
  total?: number;
  records: RecordItem[];
}

export interface Overridable {
  set?: string[];
  switch?: string[];
}

/** One side of a backtest: a saved version or the draft text, with its overrides. As stored, a
 * side also has the server's `label` and the `sha256` of its text, and no longer the draft. */
export type Side = ({ version: number } | { draft: string } | { version?: undefined }) & Overridable & { label?: string; sha256?: string };

export interface RunInputs {
  policy: string;
  base: Side;
  candidate: Side;
  dataset: string;
  outcomeLabel?: string;
  sweep?: string;
}

// The shapes the server stores and sends, from the server's own definitions (types only: nothing
// of the server reaches the page's bundle).
export type { RunHeadline, RunProgress, RunStatus } from '../../server/runs-store.js';

export interface RunDetail {
  id: string;
  status: RunStatus;
  progress: RunProgress;
  /** As stored: the sides may carry hashes and labels instead of the draft text. */
  inputs: RunInputs;
  createdAt: string;
  finishedAt?: string;
  error?: string;
  report?: BacktestReport;
}

/** A run as the list shows it (the sides carry labels and hashes, never the draft text). */
export interface RunSummary {
  id: string;
  status: RunStatus;
  createdAt: string;
  finishedAt?: string;
  error?: string;
  inputs?: Partial<RunInputs>;
  progress?: RunProgress;
  headline?: RunHeadline;
  [key: string]: unknown;
}

export interface SwapRecord {
  index: number;
  id: RecordRef;
  base: DecisionResult;
  candidate: DecisionResult;
}

export interface DecideRequest extends Overridable {
  text: string;
  record: unknown;
  /** The record's position in its dataset: names a record without an id (`#index`) as a backtest does. */
  index?: number;
}

export interface ReplayApi {
  /** `policy` (a workspace path) types CSV cells as that policy reads them. */
  records(path: string, page: { offset: number; limit: number; q?: string; policy?: string }): Promise<RecordsPage>;
  decide(req: DecideRequest): Promise<{ result: DecisionResult }>;
  startRun(inputs: RunInputs): Promise<{ id: string; status: RunStatus }>;
  run(id: string): Promise<RunDetail>;
  cancelRun(id: string): Promise<{ id: string; status: RunStatus }>;
  /** Deletes a run that has ended, with its swap lines (409 `run-in-progress` while it runs). */
  deleteRun(id: string): Promise<void>;
  runs(policy: string): Promise<RunSummary[]>;
  swaps(id: string, filter: { from?: string; to?: string; limit?: number }): Promise<SwapRecord[]>;
  /** Where the browser downloads a run's report (the CLI's JSON or HTML). */
  reportUrl(id: string, kind: 'json' | 'html'): string;
}

type Call = <T>(method: string, path: string, body?: unknown) => Promise<T>;

export function replayHttp(call: Call, base = ''): ReplayApi {
  const q = encodeURIComponent;
  const query = (o: Record<string, string | number | undefined>) =>
    Object.entries(o)
      .filter(([, v]) => v !== undefined && v !== '')
      .map(([k, v]) => `${k}=${q(String(v))}`)
      .join('&');
  return {
    records: (path, p) => call('GET', `/api/records?${query({ path, offset: p.offset, limit: p.limit, q: p.q, policy: p.policy })}`),
    decide: (req) => call('POST', '/api/decide', req),
    startRun: (inputs) => call('POST', '/api/runs', inputs),
    run: (id) => call('GET', `/api/runs/${q(id)}`),
    cancelRun: (id) => call('POST', `/api/runs/${q(id)}/cancel`, {}),
    // `{}`: a state change goes as JSON from the page's own origin, as the server requires.
    deleteRun: (id) => call('DELETE', `/api/runs/${q(id)}`, {}),
    runs: (policy) => call('GET', `/api/runs?${query({ policy })}`),
    swaps: (id, f) => call('GET', `/api/runs/${q(id)}/swaps?${query({ from: f.from, to: f.to, limit: f.limit })}`),
    reportUrl: (id, kind) => `${base}/api/runs/${q(id)}/report.${kind}`,
  };
}
