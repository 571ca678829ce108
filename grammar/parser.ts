// The pure grammar of the policy language: a Chevrotain CstParser with labelled children and no
// semantic actions. build-ast.ts turns its CST into the typed AST. One parser instance is shared
// (Chevrotain parsers are reusable: set `input`, call a rule).

import { CstParser, type IParserErrorMessageProvider, type TokenType, type IToken } from 'chevrotain';
import * as T from './tokens.js';
import { SWITCH_WORDS } from './ast.js';
import { grammarChecks } from './checks.js';

const describe = (t: TokenType): string => (t.LABEL ? t.LABEL : t.name);
const found = (t: IToken): string => (t.tokenType === undefined || t.image === '' ? 'end of file' : `\`${t.image}\``);

/**
 * What else may stand where a rule or a rule set expects its `{`: a word there is most often a
 * switch or an order misspelt (`on`, `disabled`, `order by cost`), which the bare "expected `{`"
 * does not explain. Not after the option itself (`required shadow`): then only `{` may follow.
 */
function braceAlternative(ruleName: string, previous: IToken | undefined): string {
  const after = previous?.tokenType;
  if (ruleName === 'ruleDecl' && after !== T.Required && after !== T.Off && after !== T.Shadow)
    return ` (or, before it, the rule's switch: ${SWITCH_WORDS.map((w, i) => `${i === 0 ? '' : i === SWITCH_WORDS.length - 1 ? ' or ' : ', '}\`${w}\``).join('')}; none means on)`;
  if (ruleName === 'rulesetDecl' && after !== T.Written && after !== T.Cost) return ' (or, before it, `order written` or `order cost`)';
  return '';
}

/**
 * A lone `=` where it cannot stand is most often a comparison written as in a spreadsheet; not in a
 * `param` or `let`, whose own `=` it is (`param 年龄 = 18`: the name is what is missing there).
 */
const equalsHint = (actual: IToken | undefined, ruleName?: string): string =>
  actual?.tokenType === T.Equals && ruleName !== 'paramDecl' && ruleName !== 'letDecl' ? '; a comparison is written `==`' : '';

const messages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected, actual, previous, ruleName }) =>
    expected.name === 'EOF'
      ? `unexpected ${found(actual)}: expected a declaration (${DECLS})${equalsHint(actual)}`
      : `expected ${describe(expected)}${expected === T.LCurly ? braceAlternative(ruleName, previous) : ''} but found ${found(actual)}${expected === T.Equals ? '' : equalsHint(actual, ruleName)}`,
  buildNotAllInputParsedMessage: ({ firstRedundant }) => `unexpected ${found(firstRedundant)}: expected a declaration (${DECLS})${equalsHint(firstRedundant)}`,
  buildNoViableAltMessage: ({ expectedPathsPerAlt, actual, ruleName }) => {
    const firsts = new Set<string>();
    for (const alt of expectedPathsPerAlt) for (const path of alt) if (path[0]) firsts.add(describe(path[0]));
    // A rule's outcome word may be misspelt (a name there is read for the message that says so),
    // but "a name" is not one of the words to write.
    if (firsts.has('`reject`')) firsts.delete('a name');
    const list = [...firsts].slice(0, 10).join(', ');
    return `unexpected ${found(actual[0])} in ${ruleLabel(ruleName)}${list ? `: expected one of ${list}` : ''}${equalsHint(actual[0], ruleName)}`;
  },
  buildEarlyExitMessage: ({ expectedIterationPaths, actual, ruleName }) => {
    const firsts = new Set<string>();
    for (const path of expectedIterationPaths) if (path[0]) firsts.add(describe(path[0]));
    return `unexpected ${found(actual[0])} in ${ruleLabel(ruleName)}: expected ${[...firsts].slice(0, 10).join(', ')}${equalsHint(actual[0], ruleName)}`;
  },
};

const DECLS = 'input, source, param, let, ruleset, scorecard, branch, decision or flow';

const RULE_LABELS: Record<string, string> = {
  policyFile: 'the policy', header: 'the policy header', declaration: 'a declaration', inputDecl: 'an input', fieldBlock: 'a field list',
  fieldDecl: 'a field', typeRef: 'a type', sourceDecl: 'a source', costSpec: 'a cost', paramDecl: 'a param', letDecl: 'a let',
  rulesetDecl: 'a rule set', ruleDecl: 'a rule', scorecardDecl: 'a scorecard', scorecardBase: 'a scorecard base', characteristic: 'a characteristic',
  bin: 'a bin', signedNumber: 'a number', branchDecl: 'a branch', branchArm: 'a branch arm', branchElse: 'a branch else',
  decisionDecl: 'a decision', decisionClause: 'a decision clause', outcome: 'an outcome', term: 'an offer term', flowDecl: 'the flow',
  flowChain: 'a flow chain', listLiteral: 'a list',
};

/** Expression sub-rules all read as "an expression" to the author. */
function ruleLabel(rule: string): string {
  return RULE_LABELS[rule] ?? 'an expression';
}

type Alts = { ALT: () => unknown }[];

export class PolicyParser extends CstParser {
  // Alternatives arrays built once (Chevrotain's "cache arrays of alternatives" advice): an inline
  // array would allocate a dozen closures on every call of the hottest rules.
  private tailAlts?: Alts;
  private binaryOps?: Alts;
  private missingTests?: Alts;
  private prefixOps?: Alts;
  private primaryAlts?: Alts;
  private literalAlts?: Alts;

  constructor() {
    super(T.allTokens, { recoveryEnabled: true, maxLookahead: 3, errorMessageProvider: messages, nodeLocationTracking: 'onlyOffset', skipValidations: !grammarChecks });
    this.performSelfAnalysis();
  }

  // ---------------------------------------------------------------------------------------------
  // File

  public policyFile = this.RULE('policyFile', () => {
    this.OPTION(() => this.SUBRULE(this.header));
    this.MANY(() => this.SUBRULE(this.declaration));
  });

  public header = this.RULE('header', () => {
    this.CONSUME(T.Policy);
    this.CONSUME(T.Name, { LABEL: 'id' });
    this.OPTION(() => this.CONSUME(T.AnyString, { LABEL: 'title' }));
    this.OPTION2(() => {
      this.CONSUME(T.Version);
      this.CONSUME(T.NumberLiteral, { LABEL: 'version' });
    });
  });

  public declaration = this.RULE('declaration', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.inputDecl) },
      { ALT: () => this.SUBRULE(this.sourceDecl) },
      { ALT: () => this.SUBRULE(this.paramDecl) },
      { ALT: () => this.SUBRULE(this.letDecl) },
      { ALT: () => this.SUBRULE(this.rulesetDecl) },
      { ALT: () => this.SUBRULE(this.scorecardDecl) },
      { ALT: () => this.SUBRULE(this.branchDecl) },
      { ALT: () => this.SUBRULE(this.decisionDecl) },
      { ALT: () => this.SUBRULE(this.flowDecl) },
      // A second header is parsed so that the checker can say `duplicate-header` clearly.
      { ALT: () => this.SUBRULE(this.header) },
    ]);
  });

  // ---------------------------------------------------------------------------------------------
  // Inputs, sources, types

  public inputDecl = this.RULE('inputDecl', () => {
    this.CONSUME(T.Input);
    this.CONSUME(T.Name, { LABEL: 'id' });
    this.SUBRULE(this.fieldBlock);
  });

  public fieldBlock = this.RULE('fieldBlock', () => {
    this.CONSUME(T.LCurly);
    this.MANY(() => {
      this.SUBRULE(this.fieldDecl);
      this.OPTION(() => this.CONSUME(T.Comma));
    });
    this.CONSUME(T.RCurly);
  });

  public fieldDecl = this.RULE('fieldDecl', () => {
    this.CONSUME(T.AnyWord, { LABEL: 'name' });
    this.CONSUME(T.Colon);
    this.SUBRULE(this.typeRef);
    this.OPTION(() => this.CONSUME(T.Question));
  });

  public typeRef = this.RULE('typeRef', () => {
    this.CONSUME(T.Name, { LABEL: 'name' });
    this.OPTION(() => {
      this.OR([
        {
          ALT: () => {
            this.CONSUME(T.LParen);
            this.MANY_SEP({ SEP: T.Comma, DEF: () => this.CONSUME(T.AnyString, { LABEL: 'enumValue' }) });
            this.CONSUME(T.RParen);
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Of);
            this.SUBRULE(this.fieldBlock);
          },
        },
      ]);
    });
  });

  public sourceDecl = this.RULE('sourceDecl', () => {
    this.CONSUME(T.Source);
    this.CONSUME(T.Name, { LABEL: 'id' });
    this.OPTION(() => this.CONSUME(T.AnyString, { LABEL: 'title' }));
    this.CONSUME(T.LCurly);
    this.MANY(() => {
      this.OR([
        {
          ALT: () => {
            this.CONSUME(T.Origin);
            // A word that is neither (`third_party`) is kept and reported by the AST builder, so
            // that the rest of the source still parses (recovery would drop its fields).
            this.OR2([
              { ALT: () => this.CONSUME(T.Own, { LABEL: 'originValue' }) },
              { ALT: () => this.CONSUME(T.External, { LABEL: 'originValue' }) },
              { ALT: () => this.CONSUME(T.Identifier, { LABEL: 'originValue' }) },
            ]);
          },
        },
        { ALT: () => this.SUBRULE(this.costSpec) },
        {
          ALT: () => {
            this.CONSUME(T.Latency);
            this.OR3([
              { ALT: () => this.CONSUME(T.Fast, { LABEL: 'latencyValue' }) },
              { ALT: () => this.CONSUME(T.Slow, { LABEL: 'latencyValue' }) },
              { ALT: () => this.CONSUME2(T.Identifier, { LABEL: 'latencyValue' }) },
            ]);
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Fields);
            this.SUBRULE(this.fieldBlock);
          },
        },
      ]);
    });
    this.CONSUME(T.RCurly);
  });

  public costSpec = this.RULE('costSpec', () => {
    this.CONSUME(T.Cost);
    this.OR([
      { ALT: () => this.CONSUME(T.Free) },
      {
        ALT: () => {
          this.CONSUME(T.NumberLiteral, { LABEL: 'amount' });
          this.CONSUME(T.Per);
          this.OR2([
            { ALT: () => this.CONSUME(T.Query) },
            {
              ALT: () => {
                this.CONSUME(T.Hit);
                this.CONSUME(T.When);
                this.CONSUME(T.AnyWord, { LABEL: 'hitField' });
              },
            },
          ]);
        },
      },
    ]);
  });

  // ---------------------------------------------------------------------------------------------
  // Params and lets

  public paramDecl = this.RULE('paramDecl', () => {
    this.CONSUME(T.Param);
    this.CONSUME(T.Name, { LABEL: 'id' });
    this.CONSUME(T.Equals);
    this.SUBRULE(this.expression, { LABEL: 'value' });
    this.OPTION(() => this.CONSUME(T.AnyString, { LABEL: 'doc' }));
  });

  public letDecl = this.RULE('letDecl', () => {
    this.CONSUME(T.Let);
    this.CONSUME(T.Name, { LABEL: 'id' });
    this.CONSUME(T.Equals);
    this.SUBRULE(this.expression, { LABEL: 'value' });
  });

  // ---------------------------------------------------------------------------------------------
  // Rule sets

  public rulesetDecl = this.RULE('rulesetDecl', () => {
    this.CONSUME(T.Ruleset);
    this.CONSUME(T.Name, { LABEL: 'id' });
    this.OPTION(() => this.CONSUME(T.AnyString, { LABEL: 'title' }));
    this.OPTION2(() => {
      this.CONSUME(T.Order);
      // A word that is neither (`costs`) is kept and reported by the AST builder, so that the rules
      // of the set still parse (recovery would drop them all).
      this.OR([
        { ALT: () => this.CONSUME(T.Written, { LABEL: 'orderValue' }) },
        { ALT: () => this.CONSUME(T.Cost, { LABEL: 'orderValue' }) },
        { ALT: () => this.CONSUME(T.Identifier, { LABEL: 'orderValue' }) },
      ]);
    });
    this.CONSUME(T.LCurly);
    this.MANY(() => this.SUBRULE(this.ruleDecl));
    this.CONSUME(T.RCurly);
  });

  public ruleDecl = this.RULE('ruleDecl', () => {
    this.CONSUME(T.Rule);
    this.CONSUME(T.Name, { LABEL: 'id' });
    this.OPTION(() => this.CONSUME(T.AnyString, { LABEL: 'title' }));
    this.OPTION2(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.Required, { LABEL: 'switch' }) },
        { ALT: () => this.CONSUME(T.Off, { LABEL: 'switch' }) },
        { ALT: () => this.CONSUME(T.Shadow, { LABEL: 'switch' }) },
        // Any other word (`on`, `disabled`): kept and reported by the AST builder.
        { ALT: () => this.CONSUME(T.Identifier, { LABEL: 'switch' }) },
      ]);
    });
    this.CONSUME(T.LCurly);
    this.CONSUME(T.When);
    this.SUBRULE(this.expression, { LABEL: 'condition' });
    this.CONSUME(T.Then);
    this.OR2([
      { ALT: () => this.CONSUME(T.Reject, { LABEL: 'outcome' }) },
      { ALT: () => this.CONSUME(T.Review, { LABEL: 'outcome' }) },
      { ALT: () => this.CONSUME(T.Flag, { LABEL: 'outcome' }) },
      // Any other word (`rejectt`, `decline`, and `approve`, which is a decision's): kept and
      // reported by the AST builder, so that the rule's closing brace still closes the rule, not its rule set.
      { ALT: () => this.CONSUME(T.Approve, { LABEL: 'outcome' }) },
      { ALT: () => this.CONSUME2(T.Identifier, { LABEL: 'outcome' }) },
    ]);
    this.OPTION3(() => this.CONSUME2(T.AnyString, { LABEL: 'reason' }));
    this.CONSUME(T.RCurly);
  });

  // ---------------------------------------------------------------------------------------------
  // Scorecards

  public scorecardDecl = this.RULE('scorecardDecl', () => {
    this.CONSUME(T.Scorecard);
    this.CONSUME(T.Name, { LABEL: 'id' });
    this.OPTION(() => this.CONSUME(T.AnyString, { LABEL: 'title' }));
    this.CONSUME(T.LCurly);
    this.MANY(() => {
      this.OR({
        // `base 500` vs a characteristic whose expression starts with a name `base`: base wins.
        IGNORE_AMBIGUITIES: true,
        DEF: [
          { GATE: () => this.LA(2).tokenType !== T.LCurly && this.LA(2).tokenType !== T.Dot, ALT: () => this.SUBRULE(this.scorecardBase) },
          { ALT: () => this.SUBRULE(this.characteristic) },
        ],
      });
    });
    this.CONSUME(T.RCurly);
  });

  public scorecardBase = this.RULE('scorecardBase', () => {
    this.CONSUME(T.Base);
    this.SUBRULE(this.signedNumber, { LABEL: 'value' });
  });

  public characteristic = this.RULE('characteristic', () => {
    this.SUBRULE(this.expression, { LABEL: 'expr' });
    this.CONSUME(T.LCurly);
    this.MANY(() => this.SUBRULE(this.bin));
    this.CONSUME(T.RCurly);
  });

  public bin = this.RULE('bin', () => {
    this.OR([
      {
        ALT: () => {
          this.OR2([{ ALT: () => this.CONSUME(T.LBracket, { LABEL: 'open' }) }, { ALT: () => this.CONSUME(T.LParen, { LABEL: 'open' }) }]);
          this.SUBRULE(this.signedNumber, { LABEL: 'lower' });
          this.CONSUME(T.Comma);
          this.SUBRULE2(this.signedNumber, { LABEL: 'upper' });
          this.OR3([{ ALT: () => this.CONSUME(T.RBracket, { LABEL: 'close' }) }, { ALT: () => this.CONSUME(T.RParen, { LABEL: 'close' }) }]);
        },
      },
      {
        ALT: () => {
          this.OR4([
            { ALT: () => this.CONSUME(T.Lt, { LABEL: 'compare' }) },
            { ALT: () => this.CONSUME(T.LtEq, { LABEL: 'compare' }) },
            { ALT: () => this.CONSUME(T.Gt, { LABEL: 'compare' }) },
            { ALT: () => this.CONSUME(T.GtEq, { LABEL: 'compare' }) },
          ]);
          this.SUBRULE3(this.signedNumber, { LABEL: 'bound' });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.In);
          this.SUBRULE(this.listLiteral, { LABEL: 'values' });
        },
      },
      { ALT: () => this.CONSUME(T.Missing) },
      { ALT: () => this.CONSUME(T.Else) },
      { ALT: () => this.SUBRULE5(this.signedNumber, { LABEL: 'equals' }) },
      { ALT: () => this.CONSUME(T.AnyString, { LABEL: 'equals' }) },
      { ALT: () => this.CONSUME(T.True, { LABEL: 'equals' }) },
      { ALT: () => this.CONSUME(T.False, { LABEL: 'equals' }) },
    ]);
    this.CONSUME(T.FatArrow);
    this.SUBRULE4(this.signedNumber, { LABEL: 'points' });
  });

  public signedNumber = this.RULE('signedNumber', () => {
    this.OPTION(() => this.CONSUME(T.Minus));
    this.CONSUME(T.NumberLiteral);
  });

  // ---------------------------------------------------------------------------------------------
  // Branches and decisions

  public branchDecl = this.RULE('branchDecl', () => {
    this.CONSUME(T.Branch);
    this.CONSUME(T.Name, { LABEL: 'id' });
    this.OPTION(() => this.CONSUME(T.AnyString, { LABEL: 'title' }));
    this.CONSUME(T.LCurly);
    this.MANY(() => this.SUBRULE(this.branchArm));
    this.OPTION2(() => this.SUBRULE(this.branchElse));
    this.CONSUME(T.RCurly);
  });

  public branchArm = this.RULE('branchArm', () => {
    this.CONSUME(T.When);
    this.SUBRULE(this.expression, { LABEL: 'condition' });
    this.CONSUME(T.Arrow);
    this.CONSUME(T.Name, { LABEL: 'target' });
  });

  public branchElse = this.RULE('branchElse', () => {
    this.CONSUME(T.Else);
    this.CONSUME(T.Arrow);
    this.CONSUME(T.Name, { LABEL: 'target' });
  });

  public decisionDecl = this.RULE('decisionDecl', () => {
    this.CONSUME(T.Decision);
    this.CONSUME(T.Name, { LABEL: 'id' });
    this.OPTION(() => this.CONSUME(T.AnyString, { LABEL: 'title' }));
    this.CONSUME(T.LCurly);
    this.MANY(() => this.SUBRULE(this.decisionClause));
    this.OPTION2(() => {
      this.CONSUME(T.Else, { LABEL: 'else' });
      this.CONSUME(T.FatArrow);
      this.SUBRULE(this.outcome, { LABEL: 'elseOutcome' });
    });
    this.CONSUME(T.RCurly);
  });

  public decisionClause = this.RULE('decisionClause', () => {
    this.CONSUME(T.When);
    this.SUBRULE(this.expression, { LABEL: 'condition' });
    this.CONSUME(T.FatArrow);
    this.SUBRULE(this.outcome);
  });

  public outcome = this.RULE('outcome', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Approve, { LABEL: 'decision' }) },
      { ALT: () => this.CONSUME(T.Review, { LABEL: 'decision' }) },
      { ALT: () => this.CONSUME(T.Reject, { LABEL: 'decision' }) },
    ]);
    this.OPTION(() => this.CONSUME(T.AnyString, { LABEL: 'reason' }));
    this.OPTION2(() => {
      this.CONSUME(T.LCurly);
      this.MANY(() => this.SUBRULE(this.term));
      this.CONSUME(T.RCurly);
    });
  });

  public term = this.RULE('term', () => {
    this.CONSUME(T.Name, { LABEL: 'key' });
    this.SUBRULE(this.expression, { LABEL: 'value' });
  });

  // ---------------------------------------------------------------------------------------------
  // Flow

  public flowDecl = this.RULE('flowDecl', () => {
    this.CONSUME(T.Flow);
    this.CONSUME(T.LCurly);
    this.MANY(() => this.SUBRULE(this.flowChain));
    this.CONSUME(T.RCurly);
  });

  public flowChain = this.RULE('flowChain', () => {
    this.CONSUME(T.Name, { LABEL: 'node' });
    this.MANY(() => {
      this.CONSUME(T.Arrow);
      this.CONSUME2(T.Name, { LABEL: 'node' });
    });
  });

  // ---------------------------------------------------------------------------------------------
  // Expressions. The grammar is flat — an operand followed by operator tails — and precedence
  // (or; and; not; comparison, in, is; + -; * /; unary -) is applied by build-ast.ts. A nested
  // rule per level would build ten CST nodes for every literal; this builds three.

  public expression = this.RULE('expression', () => {
    this.SUBRULE(this.operand);
    this.MANY(() => this.SUBRULE(this.tail));
  });

  public tail = this.RULE('tail', () => {
    this.OR(
      this.tailAlts ??= [
        {
          ALT: () => {
            this.OR2(
              this.binaryOps ??= [
                { ALT: () => this.CONSUME(T.Or, { LABEL: 'operator' }) },
                { ALT: () => this.CONSUME(T.And, { LABEL: 'operator' }) },
                { ALT: () => this.CONSUME(T.EqEq, { LABEL: 'operator' }) },
                { ALT: () => this.CONSUME(T.NotEq, { LABEL: 'operator' }) },
                { ALT: () => this.CONSUME(T.LtEq, { LABEL: 'operator' }) },
                { ALT: () => this.CONSUME(T.GtEq, { LABEL: 'operator' }) },
                { ALT: () => this.CONSUME(T.Lt, { LABEL: 'operator' }) },
                { ALT: () => this.CONSUME(T.Gt, { LABEL: 'operator' }) },
                { ALT: () => this.CONSUME(T.Plus, { LABEL: 'operator' }) },
                { ALT: () => this.CONSUME(T.Minus, { LABEL: 'operator' }) },
                { ALT: () => this.CONSUME(T.Star, { LABEL: 'operator' }) },
                { ALT: () => this.CONSUME(T.Slash, { LABEL: 'operator' }) },
              ],
            );
            this.SUBRULE(this.operand, { LABEL: 'right' });
          },
        },
        {
          ALT: () => {
            this.OPTION(() => this.CONSUME(T.Not, { LABEL: 'notIn' }));
            this.CONSUME(T.In);
            this.SUBRULE2(this.operand, { LABEL: 'list' });
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Is);
            this.OR3(this.missingTests ??= [{ ALT: () => this.CONSUME(T.Missing, { LABEL: 'test' }) }, { ALT: () => this.CONSUME(T.Present, { LABEL: 'test' }) }]);
          },
        },
      ],
    );
  });

  /** Prefix operators, a primary, then field accesses: `not -a.b`. */
  public operand = this.RULE('operand', () => {
    this.MANY(() => this.OR(this.prefixOps ??= [{ ALT: () => this.CONSUME(T.Not, { LABEL: 'prefix' }) }, { ALT: () => this.CONSUME(T.Minus, { LABEL: 'prefix' }) }]));
    this.OR2(
      this.primaryAlts ??= [
        { ALT: () => this.SUBRULE(this.literal) },
        {
          ALT: () => {
            this.CONSUME(T.LParen);
            this.SUBRULE(this.expression, { LABEL: 'inner' });
            this.CONSUME(T.RParen);
          },
        },
        { ALT: () => this.SUBRULE(this.nameOrCall) },
      ],
    );
    this.MANY2(() => {
      this.CONSUME(T.Dot);
      this.CONSUME(T.AnyWord, { LABEL: 'property' });
    });
  });

  public nameOrCall = this.RULE('nameOrCall', () => {
    this.CONSUME(T.Name, { LABEL: 'name' });
    this.OPTION(() => {
      this.CONSUME(T.LParen);
      this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.expression, { LABEL: 'arg' }) });
      this.CONSUME(T.RParen);
    });
  });

  public literal = this.RULE('literal', () => {
    this.OR(this.literalAlts ??= [
      { ALT: () => this.CONSUME(T.NumberLiteral, { LABEL: 'number' }) },
      { ALT: () => this.CONSUME(T.StringLiteral, { LABEL: 'string' }) },
      { ALT: () => this.CONSUME(T.UnterminatedString, { LABEL: 'string' }) },
      { ALT: () => this.CONSUME(T.True, { LABEL: 'bool' }) },
      { ALT: () => this.CONSUME(T.False, { LABEL: 'bool' }) },
      { ALT: () => this.SUBRULE(this.listLiteral, { LABEL: 'list' }) },
    ]);
  });

  public listLiteral = this.RULE('listLiteral', () => {
    this.CONSUME(T.LBracket);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.expression, { LABEL: 'item' }) });
    this.CONSUME(T.RBracket);
  });
}

export const parser = new PolicyParser();
