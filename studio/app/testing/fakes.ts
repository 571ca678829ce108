// Test doubles for the studio's two dependencies: an in-memory API that keeps the server's
// contract (hashes, conflicts, immutable numbered versions), and the analysis engine run in-process
// instead of in a worker.

import { createHash } from 'node:crypto';
import ELK from 'elkjs/lib/elk.bundled.js';
import { ApiError, type StudioApi, type VersionContent } from '../api/client.js';
import type { Analyzer } from '../language/client.js';
import { AnalysisEngine } from '../language/engine.js';
import type { AnalysisResult } from '../language/protocol.js';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

export function memoryApi(files: Record<string, string>): StudioApi & { files: Record<string, string>; saved: VersionContent[] } {
  const saved: VersionContent[] = [];
  let clock = Date.parse('2026-03-01T09:00:00Z');
  return {
    files,
    saved,
    async workspace() {
      return {
        name: 'test',
        policies: Object.keys(files)
          .filter((p) => p.endsWith('.policy'))
          .sort()
          .map((path) => ({ path, size: files[path].length, mtime: 0 })),
        datasets: [],
      };
    },
    async readFile(path) {
      if (!(path in files)) throw new ApiError('not-found', `no file ${path}`, 404);
      return { path, text: files[path], hash: sha(files[path]) };
    },
    async readOptional(path) {
      return path in files ? { path, text: files[path], hash: sha(files[path]) } : undefined;
    },
    async writeFile(path, text, baseHash) {
      if (baseHash !== undefined && path in files && sha(files[path]) !== baseHash) throw new ApiError('conflict', 'the file changed on disk', 409);
      files[path] = text;
      return { path, hash: sha(text) };
    },
    async versions(policy) {
      return saved
        .filter((v) => v.policy === policy)
        .map(({ text: _t, ...v }) => v)
        .reverse();
    },
    async saveVersion(policy, text, message) {
      const number = saved.filter((v) => v.policy === policy).length + 1;
      const v = { policy, number, hash: sha(text), message, createdAt: new Date((clock += 60_000)).toISOString(), text };
      saved.push(v);
      const { text: _t, ...info } = v;
      return info;
    },
    async version(policy, number) {
      const v = saved.find((x) => x.policy === policy && x.number === number);
      if (!v) throw new ApiError('not-found', `no version ${number}`, 404);
      return v;
    },
  };
}

export function inProcessAnalyzer(): Analyzer & { idle(): Promise<void> } {
  const listeners = new Set<(r: AnalysisResult) => void>();
  const elk = new ELK();
  const engine = new AnalysisEngine(async () => elk, (r) => listeners.forEach((l) => l(r)));
  return {
    update: (v, text) => engine.update(v, text),
    request: (method, params) => engine.request(method, params),
    onAnalysis(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    dispose() {},
    idle: () => engine.idle(),
  };
}
