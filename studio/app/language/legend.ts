// The semantic token legend shared by the worker (which encodes tokens) and the editor (which
// colours them): what a name denotes, outcome words and switch words.

export const SEMANTIC_TOKEN_TYPES = [
  'param',
  'let',
  'input',
  'source',
  'field',
  'node',
  'rule',
  'function',
  'term',
  'approve',
  'review',
  'reject',
  'flag',
  'switchRequired',
  'switchOff',
  'switchShadow',
] as const;
export type SemanticTokenType = (typeof SEMANTIC_TOKEN_TYPES)[number];
export const SEMANTIC_TOKEN_MODIFIERS = ['declaration'] as const;

