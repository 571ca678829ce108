import type { Check } from '../context.js';
import { reportIssues } from './issues.js';

/**
 * Every name in an expression denotes something: a param, let or scorecard score, a field of a
 * declared input or source (`applicant.age`), or `it` / `it.field` inside a list function; and
 * every field read exists on what it is read from. Suggests the closest declared name.
 */
export const unknownNames: Check = {
  name: 'unknown-names',
  codes: ['unknown-name', 'unknown-field'],
  run: (ctx) => reportIssues(ctx, ['unknown-name', 'unknown-field']),
};
