// The analysis worker: parse + check + compile off the page's thread, so typing never waits for
// them. Layout runs in elk's own worker, started first of all (./elk.js is this module's first
// import): its 1.6 MB loads on another core while the rest of this worker is evaluated and warms
// up. Glue only; the logic is AnalysisEngine.

import { elk, elkIsWarm } from './elk.js';
import { AnalysisEncoder } from './delta.js';
import { AnalysisEngine } from './engine.js';
import type { FromWorker, ToWorker } from './protocol.js';

const post = (m: FromWorker) => (self as unknown as Worker).postMessage(m);

const engine: AnalysisEngine = new AnalysisEngine(async () => elk, (r, text) => post({ type: 'analysis', ...encoder.encode(r, text) }), { elkWarm: elkIsWarm });
const encoder = new AnalysisEncoder(engine.views.reused);

self.addEventListener('message', (ev: MessageEvent<ToWorker>) => {
  const msg = ev.data;
  if (!msg || typeof msg !== 'object' || !('type' in msg)) return;
  if (msg.type === 'update') engine.update(msg.version, msg.text);
  else if (msg.type === 'resync') {
    encoder.reset();
    engine.republish();
  }
  else if (msg.type === 'request')
    engine.request(msg.method, msg.params as never).then(
      (result) => post({ type: 'reply', id: msg.id, result }),
      (e: unknown) => post({ type: 'reply', id: msg.id, error: e instanceof Error ? e.message : String(e) }),
    );
});

post({ type: 'ready' });
// The page is fetching the workspace and the first policy meanwhile.
void engine.warmUp();
