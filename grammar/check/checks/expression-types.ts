import type { Check } from '../context.js';
import { reportIssues } from './issues.js';

/**
 * Operands and arguments have the types their operator or function takes: arithmetic on numbers
 * and money (money × money excepted), `and`/`or`/`not` on bools, comparisons between values of one
 * family (numeric, text/enum, date, bool with `==`/`!=` only), `in` with a list of like values.
 */
export const expressionTypes: Check = {
  name: 'expression-types',
  codes: ['type-mismatch'],
  run: (ctx) => reportIssues(ctx, ['type-mismatch']),
};
