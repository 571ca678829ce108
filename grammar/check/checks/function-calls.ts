import type { Check } from '../context.js';
import { reportIssues } from './issues.js';

/**
 * Every call names a function of the language (grammar/check/functions.ts) and passes it the
 * number of arguments it takes.
 */
export const functionCalls: Check = {
  name: 'function-calls',
  codes: ['unknown-function', 'wrong-arity'],
  run: (ctx) => reportIssues(ctx, ['unknown-function', 'wrong-arity']),
};
