import type { Check } from '../context.js';
import { reportIssues } from './issues.js';

/**
 * Every call names a function of the language (grammar/check/functions.ts) and passes it the
 * number of arguments it takes; a literal second argument of `round`, `floor` or `ceil` is one the
 * function accepts (whole digits from -20 to 34; a positive step).
 */
export const functionCalls: Check = {
  name: 'function-calls',
  codes: ['unknown-function', 'wrong-arity', 'invalid-argument'],
  run: (ctx) => reportIssues(ctx, ['unknown-function', 'wrong-arity', 'invalid-argument']),
};
