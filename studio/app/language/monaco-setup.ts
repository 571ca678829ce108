// Monaco, as the studio uses it: the editor core and only the features the policy language needs
// (no bundled languages, no TypeScript worker), the policy language registered with its tokenizer,
// theme and providers. Loaded lazily (see monaco.ts): it is most of the studio's weight.

import * as monaco from 'monaco-editor/editor';
import 'monaco-editor/features/codicon/register';
import 'monaco-editor/features/bracketMatching/register';
import 'monaco-editor/features/clipboard/register';
import 'monaco-editor/features/codeAction/register';
import 'monaco-editor/features/comment/register';
import 'monaco-editor/features/contextmenu/register';
import 'monaco-editor/features/cursorUndo/register';
import 'monaco-editor/features/diffEditor/register';
import 'monaco-editor/features/find/register';
import 'monaco-editor/features/folding/register';
import 'monaco-editor/features/format/register';
import 'monaco-editor/features/gotoError/register';
import 'monaco-editor/features/gotoLine/register';
import 'monaco-editor/features/gotoSymbol/register';
import 'monaco-editor/features/hover/register';
import 'monaco-editor/features/indentation/register';
import 'monaco-editor/features/linesOperations/register';
import 'monaco-editor/features/multicursor/register';
import 'monaco-editor/features/quickCommand/register';
import 'monaco-editor/features/readOnlyMessage/register';
import 'monaco-editor/features/referenceSearch/register';
import 'monaco-editor/features/rename/register';
import 'monaco-editor/features/smartSelect/register';
import 'monaco-editor/features/snippet/register';
import 'monaco-editor/features/stickyScroll/register';
import 'monaco-editor/features/wordHighlighter/register';
import 'monaco-editor/features/wordOperations/register';
// Pieces the feature entry points leave out (editor.main imports them one by one).
import 'monaco-editor/editor/browser/coreCommands';
import 'monaco-editor/editor/contrib/suggest/browser/suggestController';
import 'monaco-editor/editor/contrib/gotoSymbol/browser/goToCommands';
import 'monaco-editor/editor/contrib/semanticTokens/browser/documentSemanticTokens';
import 'monaco-editor/editor/contrib/caretOperations/browser/caretOperations';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import { languageConfiguration, monarchLanguage } from './monarch.js';
import { registerProviders } from './providers.js';

export const LANGUAGE_ID = 'verdict';
export const THEME = 'verdict-light';

self.MonacoEnvironment = { getWorker: () => new EditorWorker() };

monaco.languages.register({ id: LANGUAGE_ID, extensions: ['.policy'], aliases: ['Verdict policy'] });
monaco.languages.setMonarchTokensProvider(LANGUAGE_ID, monarchLanguage());
monaco.languages.setLanguageConfiguration(LANGUAGE_ID, languageConfiguration);

monaco.editor.defineTheme(THEME, {
  base: 'vs',
  inherit: true,
  rules: [
    { token: 'keyword', foreground: '1f4fbf', fontStyle: 'bold' },
    { token: 'keyword.soft', foreground: '0e7490' },
    { token: 'number', foreground: '0b7a55' },
    { token: 'string', foreground: '9a4d00' },
    { token: 'string.invalid', foreground: 'b42318' },
    { token: 'comment', foreground: '7a8291', fontStyle: 'italic' },
    { token: 'operator', foreground: '475467' },
    { token: 'operator.arrow', foreground: '1f4fbf', fontStyle: 'bold' },
    { token: 'identifier', foreground: '1d2939' },
    { token: 'delimiter', foreground: '667085' },
    // Semantic tokens (service.ts): what a name denotes.
    { token: 'param', foreground: '7e3fb8' },
    { token: 'let', foreground: '155eab' },
    { token: 'input', foreground: '344054', fontStyle: 'bold' },
    { token: 'source', foreground: 'b54708', fontStyle: 'bold' },
    { token: 'field', foreground: '344054' },
    { token: 'node', foreground: '1849a9', fontStyle: 'bold' },
    { token: 'rule', foreground: '101828', fontStyle: 'bold' },
    { token: 'function', foreground: '6e5b13' },
    { token: 'term', foreground: '0e7490' },
    { token: 'approve', foreground: '067647', fontStyle: 'bold' },
    { token: 'review', foreground: 'b54708', fontStyle: 'bold' },
    { token: 'reject', foreground: 'b42318', fontStyle: 'bold' },
    { token: 'flag', foreground: '6941c6', fontStyle: 'bold' },
    { token: 'switchRequired', foreground: 'b42318', fontStyle: 'italic' },
    { token: 'switchOff', foreground: '98a2b3', fontStyle: 'italic strikethrough' },
    { token: 'switchShadow', foreground: '6941c6', fontStyle: 'italic' },
  ],
  colors: {
    'editor.background': '#ffffff',
    'editor.lineHighlightBackground': '#f5f7fa',
    'editorLineNumber.foreground': '#b0b7c3',
    'editorLineNumber.activeForeground': '#475467',
    'editorGutter.background': '#fbfcfd',
    'editor.selectionBackground': '#cfe0fc',
    'editorIndentGuide.background1': '#eef0f3',
    'editorStickyScroll.background': '#fbfcfd',
  },
});

registerProviders(monaco, LANGUAGE_ID);

export { monaco };
