import type { Severity } from './diagnostics.js';

/**
 * Every diagnostic code Verdict can emit, with its default severity and a one-line summary. Codes
 * are a public, stable contract (CI scripts grep for them); docs/language.md documents each one
 * and a test checks that the guide and this table agree.
 */
export const CODES = {
  // Lexer
  'unexpected-character': { severity: 'error', summary: 'A character that cannot start any token.' },
  'unterminated-string': { severity: 'error', summary: 'A string literal that is not closed on its line.' },
  'unterminated-comment': { severity: 'error', summary: 'A `/* block comment` with no `*/`.' },
  'invalid-escape': { severity: 'error', summary: 'An unknown escape in a string (valid: \\" \\\\ \\n \\t \\u{...}).' },
  'invalid-number': { severity: 'error', summary: 'A malformed number literal (`1__0`, `1.`, `_5`), or one beyond the supported range.' },
  // Parser
  'expected-token': { severity: 'error', summary: 'The parser expected a specific token here.' },
  'unexpected-token': { severity: 'error', summary: 'A token that no construct can start or continue with here.' },
  'too-deep': { severity: 'error', summary: 'Brackets nested, or an expression chained, further than the compiler follows.' },
  'missing-header': { severity: 'error', summary: 'The file does not start with `policy <id>` (then, optionally, `"<title>"` and `version <n>`).' },
  // Names and declarations
  'duplicate-id': { severity: 'error', summary: 'Two declarations, rules or nodes share one id.' },
  'duplicate-field': { severity: 'error', summary: 'A field is declared twice in one input, source or list type; an enum value, offer term, source clause or scorecard `base` given twice.' },
  'duplicate-header': { severity: 'error', summary: 'A second `policy` header.' },
  'unknown-name': { severity: 'error', summary: 'A name that is no param, let, scorecard, input or source.' },
  'unknown-field': { severity: 'error', summary: 'A field that the input, source or list element does not declare.' },
  'unknown-node': { severity: 'error', summary: 'A flow or branch names a node that is not declared.' },
  'unknown-type': { severity: 'error', summary: 'A field type that is not number, money, bool, text, date, enum(...) or list of {...}.' },
  'empty-enum': { severity: 'error', summary: 'An `enum()` with no values, which no value can match.' },
  'unknown-function': { severity: 'error', summary: 'A call to a function the language does not have.' },
  'unknown-term': { severity: 'error', summary: 'An offer term the language does not know.' },
  'unused-declaration': { severity: 'warning', summary: 'A param, let or source that nothing reads.' },
  // Types
  'type-mismatch': { severity: 'error', summary: 'An operand or argument of the wrong type.' },
  'condition-not-bool': { severity: 'error', summary: 'A `when` condition that is not a bool.' },
  'invalid-enum-value': { severity: 'error', summary: 'A string compared with an enum field is not one of its values.' },
  'wrong-arity': { severity: 'error', summary: 'A function called with too few or too many arguments.' },
  'invalid-argument': { severity: 'error', summary: 'A literal argument the function refuses: `round` digits not a whole number from -20 to 34, a `floor`/`ceil` step not positive.' },
  'it-outside-list': { severity: 'error', summary: '`it` used outside the condition or expression of a list function.' },
  'param-not-literal': { severity: 'error', summary: 'A param value that is not a literal.' },
  'let-cycle': { severity: 'error', summary: 'Lets that depend on each other in a circle.' },
  'invalid-hit-field': { severity: 'error', summary: 'The `per hit when` field is not a bool field of the source.' },
  'invalid-term-value': { severity: 'error', summary: 'An offer term of the wrong type (`line` takes revolving or single).' },
  'score-not-computed': { severity: 'error', summary: 'A scorecard score read on a path where that scorecard has not run.' },
  // Flow
  'flow-missing': { severity: 'error', summary: 'The policy has no `flow { ... }` block.' },
  'flow-no-start': { severity: 'error', summary: 'The flow does not begin at `start`.' },
  'flow-successor-count': { severity: 'error', summary: 'A rule set or scorecard without exactly one successor, or `start` with several.' },
  'flow-successor-not-allowed': { severity: 'error', summary: 'A branch or decision given a successor in the flow (branches name their own targets; decisions end a path).' },
  'flow-cycle': { severity: 'error', summary: 'The flow loops back to a node already on the path.' },
  'flow-unreachable': { severity: 'error', summary: 'A node that no path from `start` reaches.' },
  'flow-dead-end': { severity: 'error', summary: 'A path that does not end in a decision.' },
  // Scorecards
  'bin-empty': { severity: 'error', summary: 'A bin that holds no value (`[60, 40)`, `(5, 5)`, `in []`).' },
  'bin-overlap': { severity: 'error', summary: 'Two bins of a characteristic match a common value.' },
  'bin-gap': { severity: 'warning', summary: 'Values that no bin matches, and no `else` to catch them.' },
  'bin-type': { severity: 'error', summary: 'A bin value of a type the characteristic cannot have.' },
  // Decisions and branches
  'else-required': { severity: 'error', summary: 'A branch or decision without its `else`.' },
  'apr-cap': { severity: 'error', summary: 'A literal APR or nominal rate above the 36% all-in cap, or literal priced terms whose all-in APR is above it (or undefined: an up-front fee that takes the whole limit).' },
  // Rules
  'cost-order': { severity: 'warning', summary: 'Under `order written`, a cheaper rule that can reject stands after a more expensive one.' },
  'empty-ruleset': { severity: 'warning', summary: 'A rule set with no rules.' },
  'empty-scorecard': { severity: 'warning', summary: 'A scorecard with no characteristics.' },
} as const satisfies Record<string, { severity: Severity; summary: string }>;

export type Code = keyof typeof CODES;
