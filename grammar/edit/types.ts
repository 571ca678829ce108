// The vocabulary shared by the visual editor (studio canvas) and the text-edit planner.
// Contract: /work/brief/visual-edit-api.md.

/** One replacement of the text: offsets are 0-based UTF-16 into the text the act was planned on, `end` exclusive. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

export type EditPlan =
  | {
      ok: true;
      edits: TextEdit[];
      /** Where the act lands in the new text, for the editor to reveal/select (offsets in the NEW text). */
      focus?: { start: number; end: number };
      /**
       * Checker errors the edit leaves on purpose, for the author to resolve next: a node nothing
       * leads to after a rewire, dangling references after a delete. Absent when there are none.
       */
      diagnostics?: import('../diagnostics.js').Diagnostic[];
    }
  /** An act that would change nothing is `ok` with no edits. */
  | { ok: false; code: EditRefusalCode; reason: string };

/** Why an act was refused; stable, for the UI to pick an icon or a wording. */
export type EditRefusalCode =
  | 'unknown-name' // a rule, rule set, node, param or branch arm the act names does not exist
  | 'duplicate-id' // the new id is already taken
  | 'invalid-id' // the new id is not an identifier, or is a reserved word
  | 'required-rule' // a required rule cannot be switched off or to shadow
  | 'type-mismatch' // a param value of the wrong type
  | 'invalid-value' // a value that does not parse (expression, literal)
  | 'invalid-index' // a position out of range
  | 'flow-cycle' // the edge would close a loop
  | 'not-allowed'; // the act does not apply to this node (a decision has no successor, `start` cannot be deleted…)

export type VisualAct =
  // 1. priorities
  | { kind: 'move-rule'; ruleset: string; rule: string; to: number } // `to` = the rule's index in the written order after the move
  | { kind: 'order-rules'; ruleset: string; rules: string[] } // a whole permutation (order by cost, order as suggested)
  | { kind: 'set-order'; ruleset: string; order: 'written' | 'cost' } // the `order` word of a rule set
  | { kind: 'move-arm'; branch: string; arm: number; to: number } // branch conditions (`when … ->`), `else` stays last
  | { kind: 'move-clause'; decision: string; clause: number; to: number } // decision conditions, `else` stays last
  // a rule set / scorecard taken out of the flow (its predecessor now leads to its successor) and put between
  // `after` and `after`'s successor
  | { kind: 'move-node'; node: string; after: string }
  // 2. switches and parameters
  | { kind: 'set-switch'; rule: string; state: 'on' | 'off' | 'shadow' | 'required' } // refuses to switch a `required` rule off/shadow
  | { kind: 'set-param'; param: string; value: string } // value as literal text (`3`, `0.65`, `15%`, `"x"`, `true`); type-checked
  // 3. structure
  | { kind: 'connect'; from: string; to: string; arm?: number | 'else' } // `from`'s successor becomes `to` (flow edge), or a branch arm's target
  | { kind: 'insert-on-edge'; from: string; to: string; arm?: number | 'else'; node: NewNode } // new node between from and to
  | { kind: 'add-node'; node: NewNode; after?: string } // declaration added (and wired after `after` when given)
  | { kind: 'add-rule'; ruleset: string; rule: NewRule; at?: number }
  | { kind: 'delete-rule'; ruleset: string; rule: string }
  // a rule set / scorecard is bridged (every edge into it now leads to its successor); for a branch / decision
  // the chain segments into it go and branch arms naming it are left for the author (reported in `diagnostics`)
  | { kind: 'delete-node'; node: string }
  | {
      kind: 'edit-rule';
      rule: string;
      when?: string;
      outcome?: 'reject' | 'review' | 'flag';
      reason?: string | null;
      title?: string | null;
    };

export type NewNode =
  | { kind: 'ruleset'; id: string; title?: string; rules?: NewRule[] }
  | { kind: 'branch'; id: string; title?: string; when: string; then: string; else: string }
  | { kind: 'scorecard'; id: string; title?: string; base?: string; characteristic: string /* an expression */ }
  | { kind: 'decision'; id: string; title?: string; outcome: 'approve' | 'review' | 'reject'; reason?: string };

export interface NewRule {
  id: string;
  title?: string;
  when: string;
  outcome: 'reject' | 'review' | 'flag';
  reason?: string;
}

/** One place that names a declaration, for the delete warning. */
export interface Reference {
  range: import('../ast.js').Range;
  /** Readable: "flow: `identity -> fraud`", "rule `underage` reads it", "branch `route`, arm 1". */
  what: string;
}
