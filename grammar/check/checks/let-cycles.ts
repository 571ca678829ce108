import type { Check } from '../context.js';

/** No let depends on itself, directly or through other lets: its value would be undefined. */
export const letCycles: Check = {
  name: 'let-cycles',
  codes: ['let-cycle'],
  run(ctx) {
    const { letCycles: cycles, letDirect, symbols } = ctx.analysis;
    for (const group of cycles) {
      const members = new Set(group);
      for (const id of group) {
        const sym = symbols.get(id);
        if (sym?.kind !== 'let') continue;
        ctx.report('let-cycle', sym.decl.id, `let \`${id}\` depends on itself: ${loop(id, members, letDirect).join(' → ')}`);
      }
    }
  },
};

/** The shortest loop from `id` back to itself inside its cycle group. */
function loop(id: string, members: Set<string>, direct: Map<string, { lets: Set<string> }>): string[] {
  const parent = new Map<string, string>();
  const queue = [id];
  for (let i = 0; i < queue.length; i++) {
    for (const next of direct.get(queue[i])?.lets ?? []) {
      if (!members.has(next)) continue;
      if (next === id) {
        const path = [id];
        for (let cur = queue[i]; cur !== id; cur = parent.get(cur)!) path.push(cur);
        return [id, ...path.slice(1).reverse(), id];
      }
      if (!parent.has(next)) {
        parent.set(next, queue[i]);
        queue.push(next);
      }
    }
  }
  return [id, id];
}
