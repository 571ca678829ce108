// The analysis worker: parse + check + compile off the page's thread, so typing never waits for
// them. Layout runs in elk's own worker, started here at once: its 1.6 MB loads on another core
// while the first policy is parsed. Glue only; the logic is AnalysisEngine.

import ELK from 'elkjs/lib/elk-api.js';
import elkWorkerUrl from 'elkjs/lib/elk-worker.min.js?url';
import { AnalysisEngine } from './engine.js';
import type { FromWorker, ToWorker } from './protocol.js';

const post = (m: FromWorker) => (self as unknown as Worker).postMessage(m);

const elk = new ELK({ workerUrl: new URL(elkWorkerUrl, self.location.href).href, algorithms: ['layered'] });
// elk's first layout pays for its set-up; pay it now, while the page fetches the policy.
void elk.layout({ id: 'warm-up', layoutOptions: { 'elk.algorithm': 'layered' }, children: [{ id: 'a', width: 10, height: 10 }, { id: 'b', width: 10, height: 10 }], edges: [{ id: 'e', sources: ['a'], targets: ['b'] }] }).catch(() => undefined);
const engine = new AnalysisEngine(async () => elk, (r) => post({ type: 'analysis', ...r }));

self.addEventListener('message', (ev: MessageEvent<ToWorker>) => {
  const msg = ev.data;
  if (!msg || typeof msg !== 'object' || !('type' in msg)) return;
  if (msg.type === 'update') engine.update(msg.version, msg.text);
  else if (msg.type === 'request')
    engine.request(msg.method, msg.params as never).then(
      (result) => post({ type: 'reply', id: msg.id, result }),
      (e: unknown) => post({ type: 'reply', id: msg.id, error: e instanceof Error ? e.message : String(e) }),
    );
});

post({ type: 'ready' });
