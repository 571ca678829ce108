import type { Check } from '../context.js';
import { pathTo } from '../flow.js';

/**
 * A scorecard's score is read (directly or through a let) only where that scorecard has run on
 * every path from `start`: otherwise the score would not exist yet for some applicants.
 */
export const scoreComputed: Check = {
  name: 'score-computed',
  codes: ['score-not-computed'],
  run(ctx) {
    const { flow, siteRefs, letClosure } = ctx.analysis;
    for (const site of ctx.analysis.sites) {
      if (site.role === 'let') continue;
      const id = site.node.id.name;
      // Unreachable nodes and duplicate declarations are reported by their own checks.
      if (flow.nodes.get(id) !== site.node || !flow.reachableSet.has(id)) continue;
      const before = flow.scoresBefore.get(id)!;
      for (const { expr, ref } of siteRefs.get(site.expr) ?? []) {
        if (ref.kind === 'score' && !before.has(ref.id)) {
          const message =
            ref.id === id
              ? `scorecard \`${id}\` cannot read its own score: it is being computed here`
              : `score \`${ref.id}\` is read here, but scorecard \`${ref.id}\` has not run on every path to \`${id}\` (${pathTo(flow, id).join(' → ')})`;
          ctx.report('score-not-computed', expr, message);
        } else if (ref.kind === 'let') {
          const scores = letClosure.get(ref.id)?.scores;
          if (!scores?.size) continue;
          const missing = [...scores].filter((s) => !before.has(s)).sort();
          if (missing.length)
            ctx.report(
              'score-not-computed',
              expr,
              `let \`${ref.id}\` reads score ${missing.map((s) => `\`${s}\``).join(', ')}, which has not run on every path to \`${id}\` (${pathTo(flow, id).join(' → ')})`,
            );
        }
      }
    }
  },
};
