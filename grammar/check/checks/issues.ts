import type { Code } from '../../codes.js';
import type { CheckContext } from '../context.js';

/** Reports the problems the typer recorded under the given codes. */
export function reportIssues(ctx: CheckContext, codes: readonly Code[]): void {
  for (const i of ctx.analysis.issues) if (codes.includes(i.code)) ctx.report(i.code, i, i.message, i.fix);
}
