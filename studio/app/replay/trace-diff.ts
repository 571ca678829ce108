// What differs between the base's and the candidate's decision of one record (a swap): the rules
// whose state or whose reads changed, in the order the candidate's trace visits them. The swap
// drill-down lists them above the two traces and marks their rows, so the analyst does not have
// to compare two long traces line by line.

import type { DecisionResult, JsonValue, RuleState } from '../../../runtime/result.js';
import { showValue } from './overlay.js';

export interface RuleChange {
  node: string;
  rule: string;
  /** Undefined when that side never reached the rule set. */
  base?: RuleState;
  candidate?: RuleState;
  /** The reads whose values differ (`min_phone_tenure: 6 → 3`); a read only one side made shows `—` on the other. */
  reads: { key: string; base: string; candidate: string }[];
}

/** The key of a rule in a trace, for marking its row. */
export const ruleKey = (node: string, rule: string): string => `${node}/${rule}`;

type RuleRow = { state: RuleState; reads: Record<string, JsonValue> };

function rulesOf(result: DecisionResult): Map<string, RuleRow & { node: string; rule: string }> {
  const out = new Map<string, RuleRow & { node: string; rule: string }>();
  for (const n of result.trace?.nodes ?? []) {
    if (n.kind !== 'ruleset') continue;
    for (const r of n.rules) out.set(ruleKey(n.id, r.rule), { node: n.id, rule: r.rule, state: r.state, reads: r.reads });
  }
  return out;
}

export function traceChanges(base: DecisionResult, candidate: DecisionResult): RuleChange[] {
  const b = rulesOf(base);
  const c = rulesOf(candidate);
  // The candidate's order first (its path is the one the analyst is asking about), then rules only the base reached.
  const keys = [...c.keys(), ...[...b.keys()].filter((k) => !c.has(k))];
  const changes: RuleChange[] = [];
  for (const k of keys) {
    const x = b.get(k);
    const y = c.get(k);
    const node = (y ?? x)!.node;
    const rule = (y ?? x)!.rule;
    const reads: RuleChange['reads'] = [];
    if (x && y) {
      for (const key of new Set([...Object.keys(x.reads), ...Object.keys(y.reads)])) {
        const bv = Object.hasOwn(x.reads, key) ? showValue(x.reads[key]) : '—';
        const cv = Object.hasOwn(y.reads, key) ? showValue(y.reads[key]) : '—';
        // A rule not run on one side read nothing there: that is its state changing, not its values.
        if (bv !== cv && x.state !== 'not_run' && y.state !== 'not_run') reads.push({ key, base: bv, candidate: cv });
      }
    }
    if (x?.state !== y?.state || reads.length) changes.push({ node, rule, base: x?.state, candidate: y?.state, reads });
  }
  return changes;
}
