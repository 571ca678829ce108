// The studio server's JSON API (brief/studio-api.md), typed. Errors come back as `ApiError` with
// the server's stable code (`conflict`, `outside-workspace`, ...).

import { replayHttp, type ReplayApi } from '../replay/api.js';

export interface PolicyEntry {
  path: string;
  size: number;
  mtime: string | number;
}

export interface DatasetEntry {
  path: string;
  size: number;
  format: 'jsonl' | 'csv' | 'parquet' | 'json';
}

export interface Workspace {
  name: string;
  policies: PolicyEntry[];
  datasets: DatasetEntry[];
}

export interface FileContent {
  path: string;
  text: string;
  hash: string;
}

export interface VersionInfo {
  policy: string;
  number: number;
  hash: string;
  message: string;
  createdAt: string;
}

export interface VersionContent extends VersionInfo {
  text: string;
}

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export interface StudioApi {
  workspace(): Promise<Workspace>;
  readFile(path: string): Promise<FileContent>;
  /** A file that may not exist (a layout sidecar): undefined when it does not. */
  readOptional?(path: string): Promise<FileContent | undefined>;
  writeFile(path: string, text: string, baseHash?: string): Promise<{ path: string; hash: string }>;
  versions(policy: string): Promise<VersionInfo[]>;
  saveVersion(policy: string, text: string, message: string): Promise<VersionInfo>;
  version(policy: string, number: number): Promise<VersionContent>;
  /** Records, decisions and backtest runs (brief/replay-api.md); absent where the server has none. */
  replay?: ReplayApi;
}

export function httpApi(base = '', fetchImpl: typeof fetch = (...a) => fetch(...a)): StudioApi {
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetchImpl(`${base}${path}`, {
      method,
      headers: body === undefined ? { accept: 'application/json' } : { 'content-type': 'application/json', accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const data = (await res.json().catch(() => undefined)) as { error?: { code: string; message: string } } | undefined;
    if (!res.ok) throw new ApiError(data?.error?.code ?? `http-${res.status}`, data?.error?.message ?? `${method} ${path}: ${res.status} ${res.statusText}`, res.status);
    return data as T;
  }
  const q = (path: string) => encodeURIComponent(path);
  return {
    workspace: () => call('GET', '/api/workspace'),
    readFile: (path) => call('GET', `/api/file?path=${q(path)}`),
    readOptional: async (path) => {
      const r = await call<FileContent | { missing: true }>('GET', `/api/file?path=${q(path)}&optional=1`);
      return 'missing' in r ? undefined : r;
    },
    writeFile: (path, text, baseHash) => call('PUT', `/api/file?path=${q(path)}`, baseHash === undefined ? { text } : { text, baseHash }),
    versions: (policy) => call('GET', `/api/versions?policy=${q(policy)}`),
    saveVersion: (policy, text, message) => call('POST', '/api/versions', { policy, text, message }),
    version: (policy, number) => call('GET', `/api/versions/${number}?policy=${q(policy)}`),
    replay: replayHttp(call, base),
  };
}
