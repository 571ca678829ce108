import type { Check } from '../context.js';
import { reportIssues } from './issues.js';

/** `it` (and `it.field`) appears only in the second argument of a list function, where it is the current element. */
export const itScope: Check = {
  name: 'it-scope',
  codes: ['it-outside-list'],
  run: (ctx) => reportIssues(ctx, ['it-outside-list']),
};
