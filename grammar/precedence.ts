// Binding strength of expression operators, loosest first, as LANGUAGE.md states it: or; and; not;
// comparisons, `in`, `is`; `+ -`; `* /`; unary `-`; member access and calls; atoms. The AST
// builder climbs these levels and the formatter uses them to know where parentheses are needed.

export const OR = 1;
export const AND = 2;
export const NOT = 3;
export const COMPARISON = 4;
export const ADDITIVE = 5;
export const MULTIPLICATIVE = 6;
export const UNARY = 7;
export const POSTFIX = 8;
export const ATOM = 9;

export const BINARY_PRECEDENCE: Readonly<Record<string, number>> = {
  or: OR,
  and: AND,
  '==': COMPARISON,
  '!=': COMPARISON,
  '<': COMPARISON,
  '<=': COMPARISON,
  '>': COMPARISON,
  '>=': COMPARISON,
  '+': ADDITIVE,
  '-': ADDITIVE,
  '*': MULTIPLICATIVE,
  '/': MULTIPLICATIVE,
};
