// Monaco's language features for policies, answered by the analysis worker: completion, hover,
// go to definition, references, rename, formatting, quick fixes and semantic highlighting.
// Monaco registers providers per language, not per editor, so each editable model is bound to the
// studio instance that owns it (its analyzer and its diagnostics).

import type * as Monaco from 'monaco-editor/editor';
import type { Range } from '../../../grammar/ast.js';
import type { CompletionKind } from '../../../grammar/completion.js';
import type { Diagnostic } from '../../../grammar/diagnostics.js';
import type { Analyzer } from './client.js';
import { SEMANTIC_TOKEN_MODIFIERS, SEMANTIC_TOKEN_TYPES } from './legend.js';

type MonacoApi = typeof Monaco;

export interface ModelBinding {
  analyzer: Analyzer;
  /** The diagnostics the markers were made from (for their fixes). */
  diagnostics(): readonly Diagnostic[];
  /**
   * A saved version shown read-only: its text, which the worker analyses apart from the open
   * document. Hover, go to definition, references and highlighting work on it; what would edit it
   * (completion, rename, format, quick fixes) is not offered.
   */
  readOnlyText?: string;
}

const bindings = new Map<string, ModelBinding>();

export function bindModel(model: Monaco.editor.ITextModel, binding: ModelBinding): () => void {
  const key = model.uri.toString();
  bindings.set(key, binding);
  return () => {
    if (bindings.get(key) === binding) bindings.delete(key);
  };
}

const bound = (model: Monaco.editor.ITextModel) => bindings.get(model.uri.toString());
/** A binding that may edit its model: the open document's. */
const editable = (model: Monaco.editor.ITextModel) => {
  const b = bound(model);
  return b && b.readOnlyText === undefined ? b : undefined;
};
/** What a question is about: the saved version's text, or (nothing) the open document. */
const about = (b: ModelBinding): { text?: string } => (b.readOnlyText === undefined ? {} : { text: b.readOnlyText });

/** More hover lines for a word, from the page's state (a rule's last trigger rates). */
export type HoverExtra = (word: string) => string[] | undefined;
const hoverExtras = new Set<HoverExtra>();

export function addHoverExtra(extra: HoverExtra): () => void {
  hoverExtras.add(extra);
  return () => void hoverExtras.delete(extra);
}

export const toMonacoRange = (r: Range): Monaco.IRange => ({
  startLineNumber: r.start.line,
  startColumn: r.start.column,
  endLineNumber: r.end.line,
  endColumn: r.end.column,
});

export function registerProviders(monaco: MonacoApi, language: string): void {
  const L = monaco.languages;
  const K = L.CompletionItemKind;
  const KIND: Record<CompletionKind, Monaco.languages.CompletionItemKind> = {
    keyword: K.Keyword,
    param: K.Constant,
    let: K.Variable,
    scorecard: K.Class,
    input: K.Module,
    source: K.Interface,
    field: K.Field,
    node: K.Class,
    function: K.Function,
    term: K.Property,
    type: K.TypeParameter,
    value: K.Value,
  };
  // Names first, then functions, then keywords.
  const RANK: Record<CompletionKind, string> = { param: '0', let: '0', field: '0', scorecard: '0', input: '1', source: '1', node: '0', term: '0', value: '1', type: '1', function: '2', keyword: '3' };

  L.registerCompletionItemProvider(language, {
    // `"` opens a string: after `field ==` on an enum, its values (elsewhere nothing is offered).
    triggerCharacters: ['.', '>', '"'],
    async provideCompletionItems(model, position) {
      const b = editable(model);
      if (!b) return { suggestions: [] };
      const items = await b.analyzer.request('complete', { offset: model.getOffsetAt(position) });
      const word = model.getWordUntilPosition(position);
      const range = new monaco.Range(position.lineNumber, word.startColumn, position.lineNumber, position.column);
      // An enum value replaces the whole string the cursor stands in (`"a|"` → `"app"`), and comes first.
      const rangeOf = (r: { start: number; end: number }) => monaco.Range.fromPositions(model.getPositionAt(r.start), model.getPositionAt(r.end));
      return {
        suggestions: items.map((i) => ({
          label: { label: i.label, description: i.kind === 'keyword' ? undefined : i.kind },
          kind: i.label.startsWith('"') ? K.EnumMember : KIND[i.kind],
          detail: i.detail,
          insertText: i.label,
          sortText: `${i.label.startsWith('"') ? '0' : RANK[i.kind]}${i.label}`,
          range: i.replace ? rangeOf(i.replace) : range,
        })),
      };
    },
  });

  L.registerHoverProvider(language, {
    async provideHover(model, position) {
      const b = bound(model);
      const h = await b?.analyzer.request('hover', { offset: model.getOffsetAt(position), ...about(b) });
      const word = model.getWordAtPosition(position);
      const extra = word ? [...hoverExtras].flatMap((x) => x(word.word) ?? []) : [];
      if (!h && !extra.length) return null;
      const range = h ? toMonacoRange(h.range) : new monaco.Range(position.lineNumber, word!.startColumn, position.lineNumber, word!.endColumn);
      return { range, contents: [...(h?.contents ?? []), ...extra].map((value) => ({ value })) };
    },
  });

  L.registerDefinitionProvider(language, {
    async provideDefinition(model, position) {
      const b = bound(model);
      const r = await b?.analyzer.request('definition', { offset: model.getOffsetAt(position), ...about(b) });
      return r ? { uri: model.uri, range: toMonacoRange(r) } : null;
    },
  });

  L.registerReferenceProvider(language, {
    async provideReferences(model, position) {
      const b = bound(model);
      const rs = (await b?.analyzer.request('references', { offset: model.getOffsetAt(position), ...about(b) })) ?? [];
      return rs.map((r) => ({ uri: model.uri, range: toMonacoRange(r) }));
    },
  });

  L.registerRenameProvider(language, {
    async resolveRenameLocation(model, position) {
      const b = bound(model);
      if (b && b.readOnlyText !== undefined) return { range: new monaco.Range(position.lineNumber, position.column, position.lineNumber, position.column), text: '', rejectReason: 'A saved version is read-only.' };
      const r = await b?.analyzer.request('prepareRename', { offset: model.getOffsetAt(position) });
      if (!r) return { range: new monaco.Range(position.lineNumber, position.column, position.lineNumber, position.column), text: '', rejectReason: 'Not a policy.' };
      return 'error' in r ? { range: new monaco.Range(position.lineNumber, position.column, position.lineNumber, position.column), text: '', rejectReason: r.error } : { range: toMonacoRange(r.range), text: r.text };
    },
    async provideRenameEdits(model, position, newName) {
      const r = await editable(model)?.analyzer.request('rename', { offset: model.getOffsetAt(position), newName });
      if (!r) return { edits: [] };
      if ('error' in r) return { edits: [], rejectReason: r.error };
      const versionId = model.getVersionId();
      return { edits: r.edits.map((e) => ({ resource: model.uri, textEdit: { range: toMonacoRange(e.range), text: e.text }, versionId })) };
    },
  });

  L.registerDocumentFormattingEditProvider(language, {
    displayName: 'Verdict formatter',
    async provideDocumentFormattingEdits(model) {
      const r = await editable(model)?.analyzer.request('format', {});
      return r?.changed ? [{ range: model.getFullModelRange(), text: r.text }] : [];
    },
  });

  L.registerCodeActionProvider(
    language,
    {
      provideCodeActions(model, _range, context) {
        const b = editable(model);
        if (!b) return { actions: [], dispose() {} };
        const actions: Monaco.languages.CodeAction[] = [];
        for (const marker of context.markers) {
          const d = b
            .diagnostics()
            .find((x) => x.fix && x.code === marker.code && x.range.start.line === marker.startLineNumber && x.range.start.column === marker.startColumn);
          if (!d?.fix) continue;
          actions.push({
            title: d.fix.replacement ? `Change to \`${d.fix.replacement}\` (${d.fix.message})` : d.fix.message,
            kind: 'quickfix',
            diagnostics: [marker],
            isPreferred: true,
            edit: { edits: [{ resource: model.uri, textEdit: { range: toMonacoRange(d.fix.range), text: d.fix.replacement }, versionId: model.getVersionId() }] },
          });
        }
        return { actions, dispose() {} };
      },
    },
    { providedCodeActionKinds: ['quickfix'] },
  );

  L.registerDocumentSemanticTokensProvider(language, {
    getLegend: () => ({ tokenTypes: [...SEMANTIC_TOKEN_TYPES], tokenModifiers: [...SEMANTIC_TOKEN_MODIFIERS] }),
    async provideDocumentSemanticTokens(model) {
      const b = bound(model);
      if (!b) return null;
      return { data: Uint32Array.from(await b.analyzer.request('semanticTokens', about(b))) };
    },
    releaseDocumentSemanticTokens() {},
  });
}

export function markersOf(monaco: MonacoApi, diagnostics: readonly Diagnostic[]): Monaco.editor.IMarkerData[] {
  const S = monaco.MarkerSeverity;
  return diagnostics.map((d) => {
    const r = { ...toMonacoRange(d.range) };
    // An empty range (a missing token at the end of a line) still gets a visible squiggle.
    if (r.startLineNumber === r.endLineNumber && r.startColumn === r.endColumn) r.endColumn += 1;
    return {
      ...r,
      severity: d.severity === 'error' ? S.Error : d.severity === 'warning' ? S.Warning : S.Info,
      code: d.code,
      source: 'verdict',
      message: d.fix ? `${d.message} (${d.fix.message})` : d.message,
    };
  });
}
