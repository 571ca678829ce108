// Why a record's outcome differs between the versions (a swap's cause): the first point where the
// two flows part, read from their walks' events (walk.ts), or the error that made the difference.

import type { DecisionResult } from '../result.js';
import type { VersionPlan } from './plan.js';
import type { SwapCause, VersionKey } from './report.js';
import type { FlowEvent } from './walk.js';

/** The cause of a flip from `rb` to `rc`, and its key (what the report groups causes by). */
export function swapCause(
  rb: DecisionResult,
  rc: DecisionResult,
  events: (version: 0 | 1) => FlowEvent[],
  pb: VersionPlan,
  pc: VersionPlan,
): { key: string; cause: SwapCause } {
  if (rb.decision === 'error' || rc.decision === 'error') {
    const version = rb.decision === 'error' && rc.decision === 'error' ? 'both' : rb.decision === 'error' ? 'base' : 'candidate';
    const r = rb.decision === 'error' ? rb : rc;
    const reason = r.error?.field !== undefined ? `bad data at ${r.error.field}` : (r.error?.message ?? r.reasons[0] ?? 'error');
    return { key: `error in ${version}: ${reason}`, cause: { kind: 'error', version, reason } };
  }
  const eb = events(0);
  const ec = events(1);
  const show = (i: number) => (i < 0 ? 'else' : i);
  const fired = (e: Extract<FlowEvent, { kind: 'rule' }>, firedIn: VersionKey) => {
    const plan = firedIn === 'base' ? pb : pc;
    const rule = plan.rules[e.rule];
    return { key: `rule ${rule.id} fired in ${firedIn}`, cause: { kind: 'rule' as const, rule: rule.id, node: plan.sets[rule.set].id, firedIn } };
  };
  // The two walks side by side. Where one version has a rule the other has not at that point (it
  // adds, removes or moves rules), a rule that did not fire is stepped over (a rule a version lacks
  // fires nowhere in it), and one that fired is the difference.
  let i = 0;
  let j = 0;
  while (i < eb.length || j < ec.length) {
    const a = eb[i];
    const b = ec[j];
    if (a?.kind === 'rule' && b?.kind === 'rule') {
      if (pb.rules[a.rule].id === pc.rules[b.rule].id) {
        if (a.effect !== b.effect) return fired(a.effect ? a : b, a.effect ? 'base' : 'candidate');
        i++;
        j++;
        continue;
      }
      if (!a.effect || !b.effect) {
        if (!a.effect) i++;
        if (!b.effect) j++;
        continue;
      }
    } else if (a?.kind === 'rule') {
      if (a.effect) return fired(a, 'base');
      i++;
      continue;
    } else if (b?.kind === 'rule') {
      if (b.effect) return fired(b, 'candidate');
      j++;
      continue;
    } else if (a && b && a.kind === 'branch' && b.kind === 'branch' && a.node === b.node) {
      if (a.arm !== b.arm) return { key: `branch ${a.node}: ${show(a.arm)} → ${show(b.arm)}`, cause: { kind: 'branch', node: a.node, base: show(a.arm), candidate: show(b.arm) } };
      i++;
      j++;
      continue;
    } else if (a && b && a.kind === 'decision' && b.kind === 'decision' && a.node === b.node) {
      if (a.clause !== b.clause) return { key: `clause ${a.node}: ${show(a.clause)} → ${show(b.clause)}`, cause: { kind: 'clause', node: a.node, base: show(a.clause), candidate: show(b.clause) } };
      i++;
      j++;
      continue;
    } else if (a && b && a.kind === 'stop' && b.kind === 'stop') {
      i++;
      j++;
      continue;
    }
    const describe = (e: FlowEvent | undefined, plan: VersionPlan) =>
      !e ? 'nothing' : e.kind === 'rule' ? `rule ${plan.rules[e.rule].id}` : e.kind === 'stop' ? 'a stop' : `${e.kind} ${e.node}`;
    const detail = `the flows differ: base runs ${describe(a, pb)}, candidate runs ${describe(b, pc)}`;
    return { key: detail, cause: { kind: 'other', detail } };
  }
  // Each version's result beside the other's: an APR over the cap first, then terms no approve is
  // issued with (invalid_limit, invalid_term, …: outcome.ts), in one version only.
  const sides = [
    [rb, rc, 'base'],
    [rc, rb, 'candidate'],
  ] as const;
  for (const [r, other, version] of sides)
    if (r.reasons.includes('apr_cap') && !other.reasons.includes('apr_cap')) return { key: `apr_cap in ${version}`, cause: { kind: 'apr_cap', version } };
  for (const [r, other, version] of sides) {
    const invalid = r.reasons.find((x) => x.startsWith('invalid_') && !other.reasons.includes(x));
    if (invalid) return { key: `${invalid} in ${version}`, cause: { kind: 'terms', reason: invalid, version } };
  }
  const detail = 'the same flow gave different outcomes';
  return { key: detail, cause: { kind: 'other', detail } };
}
