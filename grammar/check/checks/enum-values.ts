import type { Check } from '../context.js';
import { reportIssues } from './issues.js';

/**
 * A string literal compared with an enum value (`==`, `!=`, `in`, `coalesce`, a list param used
 * with `in`) is one of the enum's values: a misspelt value would make the test silently false.
 */
export const enumValues: Check = {
  name: 'enum-values',
  codes: ['invalid-enum-value'],
  run: (ctx) => reportIssues(ctx, ['invalid-enum-value']),
};
