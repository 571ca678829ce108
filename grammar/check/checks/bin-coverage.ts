import type { Bin, Characteristic } from '../../ast.js';
import type { Check, CheckContext } from '../context.js';
import { binFamily, binMatch, intersect, isEmpty, showInterval, uncovered, type BinMatch, type Interval } from '../bin-model.js';
import { printBinTest, printExpr, quote } from '../print.js';
import { binFits } from './bin-type.js';

/** A value both bins match, as text, or undefined when they are disjoint. */
function common(a: BinMatch, b: BinMatch): string | undefined {
  if (a.missing && b.missing) return 'a missing value';
  for (const x of a.intervals)
    for (const y of b.intervals) {
      const i = intersect(x, y);
      if (i) return showInterval(i);
    }
  for (const v of a.values) if (b.values.has(v)) return v === 'true' || v === 'false' ? v : quote(v);
  return undefined;
}

/** Why an interval bin holds no value, and what was probably meant. */
function emptyWhy(bin: Extract<Bin, { kind: 'Interval' }>, i: Interval): string {
  const [lo, hi] = [bin.lower.raw || bin.lower.value, bin.upper.raw || bin.upper.value];
  if (i.lo.value!.eq(i.hi.value!)) return `it excludes ${lo}, its only value (for ${lo} alone, write the bin \`${lo}\`)`;
  return `its lower bound ${lo} is above its upper bound ${hi} (write the smaller bound first: \`${bin.lowerInclusive ? '[' : '('}${hi}, ${lo}${bin.upperInclusive ? ']' : ')'}\`)`;
}

function characteristic(ctx: CheckContext, c: Characteristic): void {
  const label = printExpr(c.expr);
  // `else` takes every value the bins before it leave, a missing one included: bins after it are dead.
  const elseAt = c.bins.findIndex((b) => b.kind === 'ElseBin');
  const elseBin = c.bins[elseAt];
  if (elseBin)
    for (const bin of c.bins.slice(elseAt + 1))
      ctx.report(
        'bin-overlap',
        bin,
        `bin \`${printBinTest(bin)}\` of \`${label}\` comes after \`else\` (line ${elseBin.range.start.line}), which already takes every value not matched before it, a missing one included; this bin never scores (move it above the \`else\`)`,
      );
  const info = ctx.analysis.exprs.get(c.expr);
  if (!info?.type) return;
  const family = binFamily(info.type);
  const matches: { bin: Bin; m: BinMatch }[] = [];
  const hasElse = elseAt >= 0;
  for (const bin of elseBin ? c.bins.slice(0, elseAt) : c.bins) {
    if (!binFits(bin, family)) continue; // bin-type reports it
    const m = binMatch(bin);
    if (!m) continue;
    if (bin.kind === 'Interval' && isEmpty(m.intervals[0])) {
      ctx.report('bin-empty', bin, `bin \`${printBinTest(bin)}\` of \`${label}\` matches no value, so it never scores: ${emptyWhy(bin, m.intervals[0])}`);
      continue;
    }
    if (bin.kind === 'InList' && bin.values.length === 0) {
      ctx.report('bin-empty', bin, `bin \`${printBinTest(bin)}\` of \`${label}\` lists no value, so it never scores (list the values it is for, or remove it)`);
      continue;
    }
    // Pairwise within one characteristic: bins are few, and naming both needs the pair anyway.
    const clash = matches.find((p) => common(p.m, m) !== undefined);
    if (clash)
      ctx.report(
        'bin-overlap',
        bin,
        `bins \`${printBinTest(clash.bin)}\` (line ${clash.bin.range.start.line}) and \`${printBinTest(bin)}\` of \`${label}\` both match ${common(clash.m, m)}; the first one wins, so this one never scores there`,
      );
    matches.push({ bin, m });
  }
  if (hasElse || family === 'none') return;

  const gaps: string[] = [];
  if (family === 'numeric') gaps.push(...uncovered(matches.flatMap((p) => p.m.intervals)).map(showInterval));
  else {
    const covered = new Set(matches.flatMap((p) => [...p.m.values]));
    const t = info.type;
    const universe = t.kind === 'enum' ? t.values : t.kind === 'bool' ? ['true', 'false'] : undefined;
    if (universe) gaps.push(...universe.filter((v) => !covered.has(v)).map((v) => (t.kind === 'bool' ? v : quote(v))));
    else gaps.push('any other text');
  }
  if (info.nullable && !matches.some((p) => p.m.missing)) gaps.push('a missing value');
  if (!gaps.length) return;
  ctx.report(
    'bin-gap',
    c.expr,
    `no bin of \`${label}\` matches ${gaps.join(', ')}; such values score 0 (add the bins, or an \`else\`)`,
  );
}

/**
 * Every interval bin holds a value (`[60, 40)`, bounds written the wrong way round, holds none);
 * no two bins of a characteristic match a common value (the second would be dead where they
 * meet), and no bin follows the `else` (it would be dead everywhere); without an `else`, the bins
 * cover every value the characteristic can take, a missing value included when it can be missing
 * (otherwise those applicants silently score 0).
 */
export const binCoverage: Check = {
  name: 'bin-coverage',
  codes: ['bin-empty', 'bin-overlap', 'bin-gap'],
  run(ctx) {
    for (const d of ctx.ast.declarations) if (d.kind === 'Scorecard') for (const c of d.characteristics) characteristic(ctx, c);
  },
};
