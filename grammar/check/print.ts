// Prints expressions and bins back as a policy author would write them, for messages and for
// trace labels when the source text is not at hand. Parentheses are AST nodes, so printing never
// needs to add any.

import type { Bin, Expr, Literal } from '../ast.js';

export function quote(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\t/g, '\\t')}"`;
}

export function printExpr(e: Expr): string {
  switch (e.kind) {
    case 'Number':
      return e.raw || e.value;
    case 'String':
      return quote(e.value);
    case 'Bool':
      return String(e.value);
    case 'List':
      return `[${e.items.map(printExpr).join(', ')}]`;
    case 'Name':
      return e.name;
    case 'Member':
      return `${printExpr(e.object)}.${e.property.name}`;
    case 'Call':
      return `${e.callee.name}(${e.args.map(printExpr).join(', ')})`;
    case 'Unary':
      return e.op === 'not' ? `not ${printExpr(e.operand)}` : `-${printExpr(e.operand)}`;
    case 'Binary':
      return `${printExpr(e.left)} ${e.op} ${printExpr(e.right)}`;
    case 'In':
      return `${printExpr(e.value)} ${e.negated ? 'not in' : 'in'} ${printExpr(e.list)}`;
    case 'MissingTest':
      return `${printExpr(e.operand)} is ${e.negated ? 'present' : 'missing'}`;
    case 'Paren':
      return `(${printExpr(e.inner)})`;
    case 'Error':
      return '?';
  }
}

const printLiteral = (l: Literal): string => printExpr(l);

/** The bin's test as written, without its points: `[18, 25)`, `< 0.3`, `in ["a", "b"]`, `missing`. */
export function printBinTest(b: Bin): string {
  switch (b.kind) {
    case 'Interval':
      return `${b.lowerInclusive ? '[' : '('}${b.lower.raw || b.lower.value}, ${b.upper.raw || b.upper.value}${b.upperInclusive ? ']' : ')'}`;
    case 'Compare':
      return `${b.op} ${b.value.raw || b.value.value}`;
    case 'Equals':
      return printLiteral(b.value);
    case 'InList':
      return `in [${b.values.map(printLiteral).join(', ')}]`;
    case 'MissingBin':
      return 'missing';
    case 'ElseBin':
      return 'else';
  }
}
