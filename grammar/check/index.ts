// The checker's front door: `check(ast) → { diagnostics, analysis }`. Runs the analysis once, then
// every registered check over it. Never throws on a partial AST: names left empty and `Error`
// expressions by a parse error are skipped (the parser reported them).

import type { Policy } from '../ast.js';
import { CODES, type Code } from '../codes.js';
import { sortDiagnostics, type Diagnostic } from '../diagnostics.js';
import { analyze, type Analysis } from './analyze.js';
import type { CheckContext } from './context.js';
import { CHECKS } from './registry.js';

export interface CheckResult {
  diagnostics: Diagnostic[];
  analysis: Analysis;
}

export function check(ast: Policy): CheckResult {
  const analysis = analyze(ast);
  const diagnostics: Diagnostic[] = [];
  const ctx: CheckContext = {
    ast,
    analysis,
    report(code: Code, at, message, fix) {
      const d: Diagnostic = { code, severity: CODES[code].severity, message, range: at.range };
      if (fix) d.fix = fix;
      diagnostics.push(d);
    },
  };
  // A file that was not parsed declares nothing the checks could judge (its one error says why).
  if (!ast.unparsed) for (const c of CHECKS) c.run(ctx);
  return { diagnostics: sortDiagnostics(diagnostics), analysis };
}

export type { Analysis, ExprInfo, ExprSite, Reads, Ref, RuleCost, Sym } from './analyze.js';
export { analyze } from './analyze.js';
export { CHECKS } from './registry.js';
export { FUNCTIONS, type FunctionSpec } from './functions.js';
export { TERMS, APR_CAP, type TermSpec } from './terms.js';
