// What a check sees and how it reports. A check is a small named rule over the analysed policy,
// registered in registry.ts; it points at AST nodes (their ranges), never at raw offsets.

import type { Policy, Range } from '../ast.js';
import type { Code } from '../codes.js';
import type { Fix } from '../diagnostics.js';
import type { Analysis } from './analyze.js';

export interface CheckContext {
  ast: Policy;
  analysis: Analysis;
  /** Reports at a node; the severity is the code's default (grammar/codes.ts). */
  report(code: Code, at: { range: Range }, message: string, fix?: Fix): void;
}

export interface Check {
  /** kebab-case, as in the file name. */
  name: string;
  /** Every code the check can emit. */
  codes: readonly Code[];
  run(ctx: CheckContext): void;
}
