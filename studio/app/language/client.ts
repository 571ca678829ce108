// The page's side of the analysis worker: send text, get analyses, ask questions.

import { noteWorkerReady } from '../metrics.js';
import { AnalysisDecoder } from './delta.js';
import type { AnalysisResult, FromWorker, Method, Methods, ToWorker } from './protocol.js';

export interface Analyzer {
  /** Sends the document's text; an analysis for it (or a later text) follows through `onAnalysis`. */
  update(version: number, text: string): void;
  request<M extends Method>(method: M, params: Methods[M][0]): Promise<Methods[M][1]>;
  onAnalysis(listener: (r: AnalysisResult) => void): () => void;
  dispose(): void;
}

export function workerAnalyzer(worker: Worker): Analyzer {
  let nextId = 1;
  let version = 0;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const listeners = new Set<(r: AnalysisResult) => void>();
  const decoder = new AnalysisDecoder();
  const send = (m: ToWorker) => worker.postMessage(m);

  worker.addEventListener('message', (ev: MessageEvent<FromWorker>) => {
    const m = ev.data;
    if (m.type === 'analysis') {
      const arrivedAt = performance.timeOrigin + performance.now();
      const { type: _type, ...wire } = m;
      let result: AnalysisResult;
      try {
        result = decoder.decode(wire);
      } catch (e) {
        console.error('the analysis could not be applied; asking the worker for it whole', e);
        send({ type: 'resync' });
        return;
      }
      result.timing.arrivedAt = arrivedAt;
      for (const l of listeners) l(result);
    } else if (m.type === 'ready') {
      noteWorkerReady();
    } else if (m.type === 'reply') {
      const p = pending.get(m.id);
      pending.delete(m.id);
      if (m.error !== undefined) p?.reject(new Error(m.error));
      else p?.resolve(m.result);
    }
  });
  worker.addEventListener('error', (ev) => {
    for (const p of pending.values()) p.reject(new Error(ev.message || 'the analysis worker failed'));
    pending.clear();
  });

  return {
    update(v, text) {
      version = v;
      send({ type: 'update', version: v, text });
    },
    request(method, params) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        send({ type: 'request', id, version, method, params } as ToWorker);
      });
    },
    onAnalysis(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose() {
      worker.terminate();
      for (const p of pending.values()) p.reject(new Error('the studio closed'));
      pending.clear();
    },
  };
}
