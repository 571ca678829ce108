// What the graph view shows as selected, and the bridge from a click in the graph to the text:
// the cursor selects a node, a click on a node (or one of its rules) reveals its text.

import type { Range } from '../../../grammar/ast.js';
import type { GraphView } from '../graph/view.js';
import { nodeAt } from '../language/outline.js';
import type { GraphSelection } from '../graph/mappers.js';
import type { GraphViewSlice, Slice } from './types.js';

export const createGraphViewSlice: Slice<GraphViewSlice> = () => (set, get) => {
  let seq = 0;
  /** The last cursor offset, and the selection it gave: kept while nothing else has selected since. */
  let cursor: { offset: number; selection: GraphSelection } | undefined;
  return {
    selection: {},
    reveal: undefined,

    selectAtOffset(offset) {
      const outline = get().analysis?.outline ?? [];
      const at = nodeAt(outline, offset);
      const cur = get().selection;
      const same = cur.node === at?.node && cur.rule === at?.rule;
      const selection = same ? cur : at ? { node: at.node, rule: at.rule } : {};
      cursor = { offset, selection };
      if (!same) set({ selection });
    },

    reselectAtCursor() {
      // The outline has changed under a cursor that has not moved (a name typed at the cursor):
      // the selection follows the text, unless something else has selected since.
      if (cursor && get().selection === cursor.selection) get().selectAtOffset(cursor.offset);
    },

    revealRange(range) {
      set({ reveal: { range, seq: ++seq, focus: true } });
    },

    selectInGraph(node, rule, options) {
      const s = get();
      const inGraph = (graph: GraphView) => {
        const g = graph.nodes.find((n) => n.id === node);
        return rule && g?.kind === 'ruleset' ? g.rules.find((r) => r.id === rule)?.range : g?.range;
      };
      let range: Range | undefined;
      if (s.viewing) {
        // A saved version on screen: its own graph points into its own text.
        range = s.viewing.compiled && inGraph(s.viewing.compiled.graph);
      } else {
        // The text as it is now (the outline) first: the graph may be older than the text.
        const outlined = s.analysis?.outline.find((n) => n.id === node);
        range = rule ? outlined?.rules.find((r) => r.id === rule)?.range : outlined?.range;
        if (!range && s.compiled && s.compiled.version === s.version) range = inGraph(s.compiled.graph);
      }
      set({ selection: { node, rule }, reveal: range ? { range, seq: ++seq, focus: options?.focusText ?? false } : s.reveal });
    },
  };
};
