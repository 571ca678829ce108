// The grammar's edit planner and parser, loaded on demand: the page paints without them, and the
// first visual act (or the inspector) fetches them. Parses are memoised by text, so that the panels
// and the acts of one text version share one parse.

import { useEffect, useState } from 'react';

type EditModule = typeof import('../../../grammar/edit/index.js');
type GrammarModule = typeof import('../../../grammar/index.js');

export interface Engine {
  planEdit: EditModule['planEdit'];
  applyEdits: EditModule['applyEdits'];
  referencesTo: EditModule['referencesTo'];
  /** The parse of a text, memoised for the last few texts. */
  parsed(text: string): ReturnType<GrammarModule['parse']>;
}

let loading: Promise<Engine> | undefined;
let loaded: Engine | undefined;

export function loadEngine(): Promise<Engine> {
  loading ??= Promise.all([import('../../../grammar/edit/index.js'), import('../../../grammar/index.js')]).then(([edit, grammar]) => {
    const cache = new Map<string, ReturnType<GrammarModule['parse']>>();
    loaded = {
      planEdit: edit.planEdit,
      applyEdits: edit.applyEdits,
      referencesTo: edit.referencesTo,
      parsed(text) {
        let r = cache.get(text);
        if (!r) {
          r = grammar.parse(text);
          if (cache.size >= 4) cache.delete(cache.keys().next().value!);
          cache.set(text, r);
        }
        return r;
      },
    };
    return loaded;
  });
  loading.catch(() => (loading = undefined));
  return loading;
}

/** The engine once loaded (undefined while it loads); starts loading it. */
export function useEngine(): Engine | undefined {
  const [engine, setEngine] = useState(loaded);
  useEffect(() => {
    if (!engine) void loadEngine().then(setEngine, () => undefined);
  }, [engine]);
  return engine;
}
