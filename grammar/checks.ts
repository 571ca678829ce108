// Chevrotain checks a grammar when its lexer and parser are built (ambiguities, left recursion,
// unreachable alternatives, token patterns): about 100 ms at every start. They run wherever the
// grammar is developed and tested (the sources as they are, under vitest and tsx). The CLI's
// bundles are built from a grammar that passed them and skip them (scripts/build-cli.mjs defines
// VERDICT_BUNDLED); the parse itself is the same either way.

declare const VERDICT_BUNDLED: boolean | undefined;

/** Whether the lexer and the parser check the grammar when they are built. */
export const grammarChecks = typeof VERDICT_BUNDLED === 'undefined' || VERDICT_BUNDLED !== true;
