// DO NOT EDIT: generated from grammar/parser.ts by scripts/gen-cst-dts.ts.

import type { CstNode, ICstVisitor, IToken } from "chevrotain";

export interface PolicyFileCstNode extends CstNode {
  name: "policyFile";
  children: PolicyFileCstChildren;
}

export type PolicyFileCstChildren = {
  header?: HeaderCstNode[];
  declaration?: DeclarationCstNode[];
};

export interface HeaderCstNode extends CstNode {
  name: "header";
  children: HeaderCstChildren;
}

export type HeaderCstChildren = {
  Policy: IToken[];
  id: IToken[];
  title?: IToken[];
  Version?: IToken[];
  version?: IToken[];
};

export interface DeclarationCstNode extends CstNode {
  name: "declaration";
  children: DeclarationCstChildren;
}

export type DeclarationCstChildren = {
  inputDecl?: InputDeclCstNode[];
  sourceDecl?: SourceDeclCstNode[];
  paramDecl?: ParamDeclCstNode[];
  letDecl?: LetDeclCstNode[];
  rulesetDecl?: RulesetDeclCstNode[];
  scorecardDecl?: ScorecardDeclCstNode[];
  branchDecl?: BranchDeclCstNode[];
  decisionDecl?: DecisionDeclCstNode[];
  flowDecl?: FlowDeclCstNode[];
  header?: HeaderCstNode[];
};

export interface InputDeclCstNode extends CstNode {
  name: "inputDecl";
  children: InputDeclCstChildren;
}

export type InputDeclCstChildren = {
  Input: IToken[];
  id: IToken[];
  fieldBlock: FieldBlockCstNode[];
};

export interface FieldBlockCstNode extends CstNode {
  name: "fieldBlock";
  children: FieldBlockCstChildren;
}

export type FieldBlockCstChildren = {
  LCurly: IToken[];
  fieldDecl?: FieldDeclCstNode[];
  Comma?: IToken[];
  RCurly: IToken[];
};

export interface FieldDeclCstNode extends CstNode {
  name: "fieldDecl";
  children: FieldDeclCstChildren;
}

export type FieldDeclCstChildren = {
  name: IToken[];
  Colon: IToken[];
  typeRef: TypeRefCstNode[];
  Question?: IToken[];
};

export interface TypeRefCstNode extends CstNode {
  name: "typeRef";
  children: TypeRefCstChildren;
}

export type TypeRefCstChildren = {
  name: IToken[];
  LParen?: IToken[];
  enumValue?: IToken[];
  Comma?: IToken[];
  RParen?: IToken[];
  Of?: IToken[];
  fieldBlock?: FieldBlockCstNode[];
};

export interface SourceDeclCstNode extends CstNode {
  name: "sourceDecl";
  children: SourceDeclCstChildren;
}

export type SourceDeclCstChildren = {
  Source: IToken[];
  id: IToken[];
  title?: IToken[];
  LCurly: IToken[];
  Origin?: IToken[];
  originValue?: (IToken)[];
  costSpec?: CostSpecCstNode[];
  Latency?: IToken[];
  latencyValue?: (IToken)[];
  Fields?: IToken[];
  fieldBlock?: FieldBlockCstNode[];
  RCurly: IToken[];
};

export interface CostSpecCstNode extends CstNode {
  name: "costSpec";
  children: CostSpecCstChildren;
}

export type CostSpecCstChildren = {
  Cost: IToken[];
  Free?: IToken[];
  amount?: IToken[];
  Per?: IToken[];
  Query?: IToken[];
  Hit?: IToken[];
  When?: IToken[];
  hitField?: IToken[];
};

export interface ParamDeclCstNode extends CstNode {
  name: "paramDecl";
  children: ParamDeclCstChildren;
}

export type ParamDeclCstChildren = {
  Param: IToken[];
  id: IToken[];
  Equals: IToken[];
  value: ExpressionCstNode[];
  doc?: IToken[];
};

export interface LetDeclCstNode extends CstNode {
  name: "letDecl";
  children: LetDeclCstChildren;
}

export type LetDeclCstChildren = {
  Let: IToken[];
  id: IToken[];
  Equals: IToken[];
  value: ExpressionCstNode[];
};

export interface RulesetDeclCstNode extends CstNode {
  name: "rulesetDecl";
  children: RulesetDeclCstChildren;
}

export type RulesetDeclCstChildren = {
  Ruleset: IToken[];
  id: IToken[];
  title?: IToken[];
  Order?: IToken[];
  orderValue?: (IToken)[];
  LCurly: IToken[];
  ruleDecl?: RuleDeclCstNode[];
  RCurly: IToken[];
};

export interface RuleDeclCstNode extends CstNode {
  name: "ruleDecl";
  children: RuleDeclCstChildren;
}

export type RuleDeclCstChildren = {
  Rule: IToken[];
  id: IToken[];
  title?: IToken[];
  switch?: (IToken)[];
  LCurly: IToken[];
  When: IToken[];
  condition: ExpressionCstNode[];
  Then: IToken[];
  outcome?: (IToken)[];
  reason?: IToken[];
  RCurly: IToken[];
};

export interface ScorecardDeclCstNode extends CstNode {
  name: "scorecardDecl";
  children: ScorecardDeclCstChildren;
}

export type ScorecardDeclCstChildren = {
  Scorecard: IToken[];
  id: IToken[];
  title?: IToken[];
  LCurly: IToken[];
  scorecardBase?: ScorecardBaseCstNode[];
  characteristic?: CharacteristicCstNode[];
  RCurly: IToken[];
};

export interface ScorecardBaseCstNode extends CstNode {
  name: "scorecardBase";
  children: ScorecardBaseCstChildren;
}

export type ScorecardBaseCstChildren = {
  Base: IToken[];
  value: SignedNumberCstNode[];
};

export interface CharacteristicCstNode extends CstNode {
  name: "characteristic";
  children: CharacteristicCstChildren;
}

export type CharacteristicCstChildren = {
  expr: ExpressionCstNode[];
  LCurly: IToken[];
  bin?: BinCstNode[];
  RCurly: IToken[];
};

export interface BinCstNode extends CstNode {
  name: "bin";
  children: BinCstChildren;
}

export type BinCstChildren = {
  open?: (IToken)[];
  lower?: SignedNumberCstNode[];
  Comma?: IToken[];
  upper?: SignedNumberCstNode[];
  close?: (IToken)[];
  compare?: (IToken)[];
  bound?: SignedNumberCstNode[];
  In?: IToken[];
  values?: ListLiteralCstNode[];
  Missing?: IToken[];
  Else?: IToken[];
  equals?: (SignedNumberCstNode | IToken)[];
  FatArrow: IToken[];
  points: SignedNumberCstNode[];
};

export interface SignedNumberCstNode extends CstNode {
  name: "signedNumber";
  children: SignedNumberCstChildren;
}

export type SignedNumberCstChildren = {
  Minus?: IToken[];
  NumberLiteral: IToken[];
};

export interface BranchDeclCstNode extends CstNode {
  name: "branchDecl";
  children: BranchDeclCstChildren;
}

export type BranchDeclCstChildren = {
  Branch: IToken[];
  id: IToken[];
  title?: IToken[];
  LCurly: IToken[];
  branchArm?: BranchArmCstNode[];
  branchElse?: BranchElseCstNode[];
  RCurly: IToken[];
};

export interface BranchArmCstNode extends CstNode {
  name: "branchArm";
  children: BranchArmCstChildren;
}

export type BranchArmCstChildren = {
  When: IToken[];
  condition: ExpressionCstNode[];
  Arrow: IToken[];
  target: IToken[];
};

export interface BranchElseCstNode extends CstNode {
  name: "branchElse";
  children: BranchElseCstChildren;
}

export type BranchElseCstChildren = {
  Else: IToken[];
  Arrow: IToken[];
  target: IToken[];
};

export interface DecisionDeclCstNode extends CstNode {
  name: "decisionDecl";
  children: DecisionDeclCstChildren;
}

export type DecisionDeclCstChildren = {
  Decision: IToken[];
  id: IToken[];
  title?: IToken[];
  LCurly: IToken[];
  decisionClause?: DecisionClauseCstNode[];
  else?: IToken[];
  FatArrow?: IToken[];
  elseOutcome?: OutcomeCstNode[];
  RCurly: IToken[];
};

export interface DecisionClauseCstNode extends CstNode {
  name: "decisionClause";
  children: DecisionClauseCstChildren;
}

export type DecisionClauseCstChildren = {
  When: IToken[];
  condition: ExpressionCstNode[];
  FatArrow: IToken[];
  outcome: OutcomeCstNode[];
};

export interface OutcomeCstNode extends CstNode {
  name: "outcome";
  children: OutcomeCstChildren;
}

export type OutcomeCstChildren = {
  decision?: (IToken)[];
  reason?: IToken[];
  LCurly?: IToken[];
  term?: TermCstNode[];
  RCurly?: IToken[];
};

export interface TermCstNode extends CstNode {
  name: "term";
  children: TermCstChildren;
}

export type TermCstChildren = {
  key: IToken[];
  value: ExpressionCstNode[];
};

export interface FlowDeclCstNode extends CstNode {
  name: "flowDecl";
  children: FlowDeclCstChildren;
}

export type FlowDeclCstChildren = {
  Flow: IToken[];
  LCurly: IToken[];
  flowChain?: FlowChainCstNode[];
  RCurly: IToken[];
};

export interface FlowChainCstNode extends CstNode {
  name: "flowChain";
  children: FlowChainCstChildren;
}

export type FlowChainCstChildren = {
  node: (IToken)[];
  Arrow?: IToken[];
};

export interface ExpressionCstNode extends CstNode {
  name: "expression";
  children: ExpressionCstChildren;
}

export type ExpressionCstChildren = {
  operand: OperandCstNode[];
  tail?: TailCstNode[];
};

export interface TailCstNode extends CstNode {
  name: "tail";
  children: TailCstChildren;
}

export type TailCstChildren = {
  operator?: (IToken)[];
  right?: OperandCstNode[];
  notIn?: IToken[];
  In?: IToken[];
  list?: OperandCstNode[];
  Is?: IToken[];
  test?: (IToken)[];
};

export interface OperandCstNode extends CstNode {
  name: "operand";
  children: OperandCstChildren;
}

export type OperandCstChildren = {
  prefix?: (IToken)[];
  literal?: LiteralCstNode[];
  LParen?: IToken[];
  inner?: ExpressionCstNode[];
  RParen?: IToken[];
  nameOrCall?: NameOrCallCstNode[];
  Dot?: IToken[];
  property?: IToken[];
};

export interface NameOrCallCstNode extends CstNode {
  name: "nameOrCall";
  children: NameOrCallCstChildren;
}

export type NameOrCallCstChildren = {
  name: IToken[];
  LParen?: IToken[];
  arg?: ExpressionCstNode[];
  Comma?: IToken[];
  RParen?: IToken[];
};

export interface LiteralCstNode extends CstNode {
  name: "literal";
  children: LiteralCstChildren;
}

export type LiteralCstChildren = {
  number?: IToken[];
  string?: (IToken)[];
  bool?: (IToken)[];
  list?: ListLiteralCstNode[];
};

export interface ListLiteralCstNode extends CstNode {
  name: "listLiteral";
  children: ListLiteralCstChildren;
}

export type ListLiteralCstChildren = {
  LBracket: IToken[];
  item?: ExpressionCstNode[];
  Comma?: IToken[];
  RBracket: IToken[];
};

export interface PolicyCstVisitor<IN, OUT> extends ICstVisitor<IN, OUT> {
  policyFile(children: PolicyFileCstChildren, param?: IN): OUT;
  header(children: HeaderCstChildren, param?: IN): OUT;
  declaration(children: DeclarationCstChildren, param?: IN): OUT;
  inputDecl(children: InputDeclCstChildren, param?: IN): OUT;
  fieldBlock(children: FieldBlockCstChildren, param?: IN): OUT;
  fieldDecl(children: FieldDeclCstChildren, param?: IN): OUT;
  typeRef(children: TypeRefCstChildren, param?: IN): OUT;
  sourceDecl(children: SourceDeclCstChildren, param?: IN): OUT;
  costSpec(children: CostSpecCstChildren, param?: IN): OUT;
  paramDecl(children: ParamDeclCstChildren, param?: IN): OUT;
  letDecl(children: LetDeclCstChildren, param?: IN): OUT;
  rulesetDecl(children: RulesetDeclCstChildren, param?: IN): OUT;
  ruleDecl(children: RuleDeclCstChildren, param?: IN): OUT;
  scorecardDecl(children: ScorecardDeclCstChildren, param?: IN): OUT;
  scorecardBase(children: ScorecardBaseCstChildren, param?: IN): OUT;
  characteristic(children: CharacteristicCstChildren, param?: IN): OUT;
  bin(children: BinCstChildren, param?: IN): OUT;
  signedNumber(children: SignedNumberCstChildren, param?: IN): OUT;
  branchDecl(children: BranchDeclCstChildren, param?: IN): OUT;
  branchArm(children: BranchArmCstChildren, param?: IN): OUT;
  branchElse(children: BranchElseCstChildren, param?: IN): OUT;
  decisionDecl(children: DecisionDeclCstChildren, param?: IN): OUT;
  decisionClause(children: DecisionClauseCstChildren, param?: IN): OUT;
  outcome(children: OutcomeCstChildren, param?: IN): OUT;
  term(children: TermCstChildren, param?: IN): OUT;
  flowDecl(children: FlowDeclCstChildren, param?: IN): OUT;
  flowChain(children: FlowChainCstChildren, param?: IN): OUT;
  expression(children: ExpressionCstChildren, param?: IN): OUT;
  tail(children: TailCstChildren, param?: IN): OUT;
  operand(children: OperandCstChildren, param?: IN): OUT;
  nameOrCall(children: NameOrCallCstChildren, param?: IN): OUT;
  literal(children: LiteralCstChildren, param?: IN): OUT;
  listLiteral(children: ListLiteralCstChildren, param?: IN): OUT;
}
