// `POST /api/decide`: one record decided by the draft policy with the full trace, through the CLI's
// entry points (compile, overrides, `prepare(graph, overrides).decide(record, { trace: true })`), so
// that the test panel shows what `verdict run --trace` prints for the same record.

import type { DecisionGraph } from '../../runtime/graph.js';
import { prepare } from '../../runtime/evaluate.js';
import { parseOverrides } from '../../runtime/overrides.js';
import type { DecisionResult } from '../../runtime/result.js';
import { compilePolicy } from '../../runtime/replay/inputs.js';
import { ApiError } from './errors.js';
import { stringList } from './runs.js';

/** The test panel decides record after record with the same draft: its last few graphs are kept. */
const CACHE_SIZE = 4;
const compiled = new Map<string, { graph: DecisionGraph } | { errors: string[] }>();

function compileCached(text: string): { graph: DecisionGraph } | { errors: string[] } {
  let hit = compiled.get(text);
  if (hit) compiled.delete(text);
  else hit = compilePolicy('policy', text);
  compiled.set(text, hit);
  if (compiled.size > CACHE_SIZE) compiled.delete(compiled.keys().next().value as string);
  return hit;
}

export function decideRecord(body: Record<string, unknown>): { result: DecisionResult } {
  const { text, record } = body;
  if (typeof text !== 'string') throw new ApiError(400, 'bad-request', 'the body needs `text`, the policy text, as a string');
  if (typeof record !== 'object' || record === null || Array.isArray(record)) throw new ApiError(400, 'bad-request', 'the body needs `record` as a JSON object');
  const index = body.index;
  if (index !== undefined && !(typeof index === 'number' && Number.isSafeInteger(index) && index >= 0)) throw new ApiError(400, 'bad-request', '`index`, the record\'s position in its dataset, is a whole number from 0');
  const set = stringList(body.set, 'set');
  const sw = stringList(body.switch, 'switch');
  const policy = compileCached(text);
  if ('errors' in policy) throw new ApiError(422, 'policy-errors', `the policy does not compile:\n${policy.errors.join('\n')}`);
  const { overrides, errors } = parseOverrides(policy.graph, { set, switch: sw });
  if (errors.length) throw new ApiError(422, 'bad-override', errors.map((e) => e.replace(/^--/, '')).join('\n'));
  return { result: prepare(policy.graph, overrides).decide(record, { trace: true, ...(index !== undefined ? { index } : {}) }) };
}
