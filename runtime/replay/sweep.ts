// `--sweep PARAM=FROM..TO:STEP`: the values a numeric param takes in a sweep, exact decimals.

import type { DecisionGraph } from '../graph.js';
import { closest } from '../../grammar/diagnostics.js';
import { Dec } from '../values.js';

export interface SweepSpec {
  param: string;
  from: string;
  to: string;
  step: string;
  /** from, from + step, ... up to and including `to` when it falls on a step. */
  values: string[];
}

/** Sweeps longer than this are a typo more often than a wish. */
export const MAX_SWEEP_VALUES = 200;

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)%?$/;

function exact(text: string): InstanceType<typeof Dec> | undefined {
  const t = text.trim().replace(/_/g, '');
  if (!NUMBER.test(t)) return undefined;
  return t.endsWith('%') ? new Dec(t.slice(0, -1)).div(100) : new Dec(t);
}

/** Parses a sweep against the candidate's graph; every problem is a message. */
export function parseSweep(text: string, graph: DecisionGraph): SweepSpec | { error: string } {
  const eq = text.indexOf('=');
  const dots = text.indexOf('..', eq + 1);
  const colon = text.lastIndexOf(':');
  const param = text.slice(0, eq).trim();
  if (eq < 0 || dots < 0 || colon < dots || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(param))
    return { error: `--sweep ${text}: expected PARAM=FROM..TO:STEP, such as min_phone_tenure=3..6:1` };
  const [fromText, toText, stepText] = [text.slice(eq + 1, dots), text.slice(dots + 2, colon), text.slice(colon + 1)];
  const spec = graph.params.find((p) => p.id === param);
  if (!spec) {
    const near = closest(param, graph.params.map((p) => p.id));
    return { error: `--sweep ${text}: unknown param \`${param}\`${near ? ` (did you mean \`${near}\`?)` : ''}` };
  }
  if (spec.type.kind !== 'number' && spec.type.kind !== 'money') return { error: `--sweep ${text}: \`${param}\` is a ${spec.type.kind} param; only number and money params can be swept` };
  const from = exact(fromText);
  const to = exact(toText);
  const step = exact(stepText);
  if (!from || !to || !step) return { error: `--sweep ${text}: FROM, TO and STEP must be numbers (such as 0.5 or 30%)` };
  if (!step.gt(0)) return { error: `--sweep ${text}: STEP must be above 0` };
  if (to.lt(from)) return { error: `--sweep ${text}: TO is below FROM` };
  const count = to.minus(from).div(step).floor().toNumber() + 1;
  if (count > MAX_SWEEP_VALUES) return { error: `--sweep ${text}: ${count} values; at most ${MAX_SWEEP_VALUES}` };
  const values = Array.from({ length: count }, (_, i) => from.plus(step.times(i)).toFixed());
  return { param, from: from.toFixed(), to: to.toFixed(), step: step.toFixed(), values };
}
