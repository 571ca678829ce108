import type { Range } from '../ast.js';
import { closest, type Fix } from '../diagnostics.js';

/** A "did you mean" fix replacing `range` with the closest candidate, when one reads as a typo of `name`. */
export function didYouMean(name: string, candidates: Iterable<string>, range: Range): Fix | undefined {
  const best = closest(name, candidates);
  return best === undefined || best === name ? undefined : { message: `did you mean \`${best}\`?`, range, replacement: best };
}
