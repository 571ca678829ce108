// Which dataset a backtest reads when the analyst has not just chosen one: the one last used for
// this policy (remembered per workspace and policy, across reloads), else the first by format,
// JSONL before CSV before Parquet: JSONL is the CLI's native form and shows progress by bytes.

import type { DatasetEntry } from '../api/client.js';

const FORMAT_RANK: Record<string, number> = { jsonl: 0, csv: 1, parquet: 2 };

/** The datasets a backtest can read, JSONL first, then CSV, then Parquet (by path within a format). */
export function backtestDatasets(datasets: readonly DatasetEntry[] | undefined): DatasetEntry[] {
  return (datasets ?? [])
    .filter((d) => d.format in FORMAT_RANK)
    .sort((a, b) => FORMAT_RANK[a.format] - FORMAT_RANK[b.format] || a.path.localeCompare(b.path));
}

/** The chosen (or remembered) dataset while the workspace still has it, else the first by format. */
export function defaultDataset(datasets: readonly DatasetEntry[] | undefined, chosen?: string): string | undefined {
  const usable = backtestDatasets(datasets);
  return usable.find((d) => d.path === chosen)?.path ?? usable[0]?.path;
}

/** Where the studio keeps small preferences (the page's localStorage); absent in tests that do not care. */
export interface Prefs {
  get(key: string): string | undefined;
  set(key: string, value: string): void;
}

const key = (workspace: string, policy: string) => `verdict.backtest.dataset:${workspace}:${policy}`;

export const rememberedDataset = (prefs: Prefs | undefined, workspace: string, policy: string): string | undefined => prefs?.get(key(workspace, policy));

export function rememberDataset(prefs: Prefs | undefined, workspace: string, policy: string, dataset: string): void {
  prefs?.set(key(workspace, policy), dataset);
}

const runKey = (workspace: string, policy: string) => `verdict.backtest.run:${workspace}:${policy}`;

/** The run the backtest panel last showed for this policy (its id), so that a reload shows it again. */
export const rememberedRun = (prefs: Prefs | undefined, workspace: string, policy: string): string | undefined => prefs?.get(runKey(workspace, policy)) || undefined;

/** Remembers the run on screen for this policy; `undefined` forgets it (a deleted run). */
export function rememberRun(prefs: Prefs | undefined, workspace: string, policy: string, id: string | undefined): void {
  prefs?.set(runKey(workspace, policy), id ?? '');
}

/** The browser's localStorage as Prefs: a storage that refuses (private mode, quota) only forgets. */
export function localPrefs(storage: Storage | undefined): Prefs {
  return {
    get(k) {
      try {
        return storage?.getItem(k) ?? undefined;
      } catch {
        return undefined;
      }
    },
    set(k, v) {
      try {
        storage?.setItem(k, v);
      } catch {
        // Not remembering a choice is no reason to interrupt the analyst.
      }
    },
  };
}

/** A dataset's size for a picker: `77.4 kB`, `1.2 MB`. */
export const sizeText = (n: number): string => (n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} kB` : `${(n / 1024 / 1024).toFixed(1)} MB`);
