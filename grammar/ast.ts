// The typed AST of a policy file: one discriminated union per syntactic category, keyed by `kind`.
// Every node carries the source range it came from, so that diagnostics, the graph and the studio
// can point back at the text. A file that failed to parse still yields an AST of what parsed:
// missing names are `''`, missing expressions are `ErrorExpr`.

export interface Pos {
  /** 0-based UTF-16 offset into the text. */
  offset: number;
  /** 1-based line. */
  line: number;
  /** 1-based column, in UTF-16 code units. */
  column: number;
}

/** `end` is exclusive. */
export interface Range {
  start: Pos;
  end: Pos;
}

interface Node {
  range: Range;
}

export interface Ident extends Node {
  kind: 'Ident';
  name: string;
}

// ---------------------------------------------------------------------------------------------
// Expressions

export interface NumberLit extends Node {
  kind: 'Number';
  /** Exact decimal text, normalised: `1_000` → `"1000"`, `36%` → `"0.36"`. */
  value: string;
  /** The text as written (`1_000_000`, `36%`), kept for the formatter. */
  raw: string;
}

export interface StringLit extends Node {
  kind: 'String';
  /** The decoded value (escapes resolved). */
  value: string;
}

export interface BoolLit extends Node {
  kind: 'Bool';
  value: boolean;
}

export interface ListLit extends Node {
  kind: 'List';
  items: Expr[];
}

/** A bare name: a param, let, scorecard id, input or source id, `it`, or a bare word such as `revolving`. */
export interface NameRef extends Node {
  kind: 'Name';
  name: string;
}

export interface MemberExpr extends Node {
  kind: 'Member';
  object: Expr;
  property: Ident;
}

export interface CallExpr extends Node {
  kind: 'Call';
  callee: Ident;
  args: Expr[];
}

export type UnaryOp = '-' | 'not';
export interface UnaryExpr extends Node {
  kind: 'Unary';
  op: UnaryOp;
  operand: Expr;
}

export type ArithOp = '+' | '-' | '*' | '/';
export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';
export type LogicOp = 'and' | 'or';
export type BinaryOp = ArithOp | CompareOp | LogicOp;
export interface BinaryExpr extends Node {
  kind: 'Binary';
  op: BinaryOp;
  left: Expr;
  right: Expr;
}

/** `x in [..]` / `x not in [..]`; the list may be a literal list or a name (a list param). */
export interface InExpr extends Node {
  kind: 'In';
  negated: boolean;
  value: Expr;
  list: Expr;
}

/** `x is missing` (negated = false) / `x is present` (negated = true). */
export interface MissingTest extends Node {
  kind: 'MissingTest';
  negated: boolean;
  operand: Expr;
}

/** Stands where the parser could not read an expression. */
export interface ErrorExpr extends Node {
  kind: 'Error';
}

/** Parentheses are kept so that the formatter can print what the author wrote. */
export interface ParenExpr extends Node {
  kind: 'Paren';
  inner: Expr;
}

export type Literal = NumberLit | StringLit | BoolLit | ListLit;

export type Expr =
  | NumberLit
  | StringLit
  | BoolLit
  | ListLit
  | NameRef
  | MemberExpr
  | CallExpr
  | UnaryExpr
  | BinaryExpr
  | InExpr
  | MissingTest
  | ParenExpr
  | ErrorExpr;

// ---------------------------------------------------------------------------------------------
// Types of input and source fields

export type PrimitiveTypeName = 'number' | 'money' | 'bool' | 'text' | 'date';

export interface PrimitiveType extends Node {
  kind: 'PrimitiveType';
  name: PrimitiveTypeName;
}

export interface EnumType extends Node {
  kind: 'EnumType';
  values: StringLit[];
}

export interface ListType extends Node {
  kind: 'ListType';
  fields: FieldDecl[];
}

/** A type name the parser read but does not know (`integer`); the checker reports it. */
export interface UnknownType extends Node {
  kind: 'UnknownType';
  name: string;
}

export type TypeRef = PrimitiveType | EnumType | ListType | UnknownType;

export interface FieldDecl extends Node {
  kind: 'Field';
  name: Ident;
  type: TypeRef;
  optional: boolean;
}

// ---------------------------------------------------------------------------------------------
// Declarations

export interface InputDecl extends Node {
  kind: 'Input';
  id: Ident;
  fields: FieldDecl[];
}

export type SourceOrigin = 'own' | 'external';
export type SourceLatency = 'fast' | 'slow';

export type CostSpec =
  | ({ kind: 'free' } & Node)
  | ({ kind: 'per_query'; amount: NumberLit } & Node)
  | ({ kind: 'per_hit'; amount: NumberLit; when: Ident } & Node);

export interface SourceDecl extends Node {
  kind: 'Source';
  id: Ident;
  title?: StringLit;
  /** Absent means `own`. */
  origin?: { value: SourceOrigin } & Node;
  /** Absent means `free`. */
  cost?: CostSpec;
  /** Absent means `fast`. */
  latency?: { value: SourceLatency } & Node;
  fields: FieldDecl[];
}

export interface ParamDecl extends Node {
  kind: 'Param';
  id: Ident;
  /** A literal (number, percent, string, bool, list of literals); anything else is a checker error. */
  value: Expr;
  doc?: StringLit;
}

export interface LetDecl extends Node {
  kind: 'Let';
  id: Ident;
  expr: Expr;
}

/**
 * A rule's switch: none written = `on` (an override may switch it off); the words a rule may hold
 * are the others (`SWITCH_WORDS`). The one list of them: the parser's messages, the visual edits,
 * the graph schema and the studio read it.
 */
export const SWITCH_STATES = ['on', 'required', 'off', 'shadow'] as const;
export const SWITCH_WORDS = SWITCH_STATES.filter((s) => s !== 'on');
export type SwitchState = (typeof SWITCH_STATES)[number];
/** What a rule does when its condition holds. */
export const RULE_OUTCOMES = ['reject', 'review', 'flag'] as const;
export type RuleOutcomeKind = (typeof RULE_OUTCOMES)[number];

export interface RuleDecl extends Node {
  kind: 'Rule';
  id: Ident;
  title?: StringLit;
  switch: SwitchState;
  /** Range of the switch word when written. */
  switchRange?: Range;
  when: Expr;
  outcome: { kind: RuleOutcomeKind; reason?: StringLit } & Node;
}

export type RuleOrder = 'written' | 'cost';

export interface RuleSetDecl extends Node {
  kind: 'RuleSet';
  id: Ident;
  title?: StringLit;
  order: RuleOrder;
  /** Range of `order X` when written. */
  orderRange?: Range;
  rules: RuleDecl[];
}

export type Bin =
  | ({ kind: 'Interval'; lower: NumberLit; lowerInclusive: boolean; upper: NumberLit; upperInclusive: boolean; points: NumberLit } & Node)
  | ({ kind: 'Compare'; op: '<' | '<=' | '>' | '>='; value: NumberLit; points: NumberLit } & Node)
  | ({ kind: 'Equals'; value: Literal; points: NumberLit } & Node)
  | ({ kind: 'InList'; values: Literal[]; points: NumberLit } & Node)
  | ({ kind: 'MissingBin'; points: NumberLit } & Node)
  | ({ kind: 'ElseBin'; points: NumberLit } & Node);

export interface Characteristic extends Node {
  kind: 'Characteristic';
  expr: Expr;
  bins: Bin[];
}

export interface ScorecardDecl extends Node {
  kind: 'Scorecard';
  id: Ident;
  title?: StringLit;
  base?: NumberLit;
  characteristics: Characteristic[];
}

export interface BranchArm extends Node {
  kind: 'BranchArm';
  when: Expr;
  target: Ident;
}

export interface BranchDecl extends Node {
  kind: 'Branch';
  id: Ident;
  title?: StringLit;
  arms: BranchArm[];
  /** Required by the checker; absent when the author forgot it. */
  else?: { target: Ident } & Node;
}

/** A term of an offer: `limit <expr>`, `apr 18%`, `line revolving`, ... (see the language guide for the known keys). */
export interface TermDecl extends Node {
  kind: 'Term';
  key: Ident;
  value: Expr;
}

export type DecisionKind = 'approve' | 'review' | 'reject';

export interface DecisionOutcome extends Node {
  kind: 'Outcome';
  decision: DecisionKind;
  reason?: StringLit;
  /** Present when a `{ ... }` block of terms was written. */
  terms?: TermDecl[];
}

export interface DecisionClause extends Node {
  kind: 'Clause';
  when: Expr;
  outcome: DecisionOutcome;
}

export interface DecisionDecl extends Node {
  kind: 'Decision';
  id: Ident;
  title?: StringLit;
  clauses: DecisionClause[];
  else?: DecisionOutcome;
}

/** `a -> b -> c` in the flow block. */
export interface FlowChain extends Node {
  kind: 'Chain';
  nodes: Ident[];
}

export interface FlowDecl extends Node {
  kind: 'Flow';
  chains: FlowChain[];
}

export type Declaration =
  | InputDecl
  | SourceDecl
  | ParamDecl
  | LetDecl
  | RuleSetDecl
  | ScorecardDecl
  | BranchDecl
  | DecisionDecl
  | FlowDecl;

export interface PolicyHeader extends Node {
  id: Ident;
  title?: StringLit;
  /** Exact decimal text of the version (`3`); absent when not written. */
  version?: NumberLit;
}

export interface Comment {
  text: string;
  block: boolean;
  range: Range;
}

export interface Policy extends Node {
  kind: 'Policy';
  /** Absent only when the file does not start with `policy` at all. */
  header?: PolicyHeader;
  declarations: Declaration[];
  /** Every comment in the file, in order; the formatter puts them back. */
  comments: Comment[];
  /** The file was not parsed (brackets nested too deep: `too-deep`): what it declares is unknown. */
  unparsed?: true;
}

/** Graph nodes a flow may name. */
export type FlowNodeDecl = RuleSetDecl | ScorecardDecl | BranchDecl | DecisionDecl;

export const isFlowNode = (d: Declaration): d is FlowNodeDecl =>
  d.kind === 'RuleSet' || d.kind === 'Scorecard' || d.kind === 'Branch' || d.kind === 'Decision';

export type AnyNode = Policy | Declaration | RuleDecl | Characteristic | Bin | BranchArm | DecisionClause | DecisionOutcome | TermDecl | FlowChain | FieldDecl | TypeRef | Expr | Ident;
