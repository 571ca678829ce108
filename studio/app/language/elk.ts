// elk for the analysis worker, started before anything else in it: the worker's entry imports this
// module first, so elk's own worker (1.6 MB of compiled Java) starts loading while the rest of the
// analysis worker is still being evaluated, and then lays out a graph shaped and styled like a
// policy's (a wrapped chain of rule sets, a labelled branch), so that the JIT has compiled the
// paths a real layout takes before the first policy arrives.

import ELK from 'elkjs/lib/elk-api.js';
import elkWorkerUrl from 'elkjs/lib/elk-worker.min.js?url';
import type { ElkNode } from 'elkjs/lib/elk-api.js';
import { LAYOUT_OPTIONS } from '../graph/layout.js';

export const elk = new ELK({ workerUrl: new URL(elkWorkerUrl, self.location.href).href, algorithms: ['layered'] });

let warm = false;
/** elk has answered a layout: the next one costs milliseconds, not half a second. */
export const elkIsWarm = (): boolean => warm;

function warmUpGraph(): ElkNode {
  const chain = Array.from({ length: 10 }, (_, i) => ({ id: `n${i}`, width: 330, height: 200 + 90 * (i % 4) }));
  const children = [{ id: 'start', width: 72, height: 32 }, ...chain, { id: 'b', width: 220, height: 72 }, { id: 'd1', width: 340, height: 130 }, { id: 'd2', width: 340, height: 130 }];
  const ids = children.map((c) => c.id);
  const edges = ids.slice(0, -2).map((id, i) => ({ id: `e${i}`, sources: [id], targets: [ids[i + 1]], labels: [] as { text: string; width: number; height: number }[] }));
  edges.push({ id: 'e-b1', sources: ['b'], targets: ['d2'], labels: [{ text: 'applicant.channel == "partner"', width: 215, height: 20 }] });
  edges[edges.length - 2].labels = [{ text: 'else', width: 41, height: 20 }];
  return { id: 'warm-up', layoutOptions: LAYOUT_OPTIONS, children, edges };
}

export const elkWarmed: Promise<void> = elk.layout(warmUpGraph()).then(
  () => void (warm = true),
  // A failing elk fails the real layouts too; the graph then keeps the quick layout.
  () => undefined,
);
