// The policy editor. Monaco edits a model; every change goes to the store (the one copy of the
// truth), which sends it to the worker; the worker's diagnostics come back as markers. The cursor
// selects a graph node; a click in the graph reveals its text here.

import { useEffect, useRef, useState } from 'react';
import type * as Monaco from 'monaco-editor/editor';
import { loadMonaco } from '../language/monaco.js';
import { bindModel, markersOf, toMonacoRange } from '../language/providers.js';
import { noteEditorReady, noteInput } from '../metrics.js';
import { useAnalyzer, useEditorCommands, useStudio, useStudioStore } from '../store/context.js';

type Loaded = { monaco: typeof Monaco; editor: Monaco.editor.IStandaloneCodeEditor; language: string };

const MONO = '"JetBrains Mono", "SF Mono", Menlo, Consolas, "DejaVu Sans Mono", "Noto Sans Mono CJK SC", monospace';

export function EditorPane() {
  const store = useStudioStore();
  const analyzer = useAnalyzer();
  const commands = useEditorCommands();
  const host = useRef<HTMLDivElement>(null);
  const [loaded, setLoaded] = useState<Loaded>();
  const [loadError, setLoadError] = useState<string>();
  const path = useStudio((s) => s.path);
  const viewing = useStudio((s) => s.viewing);
  const loading = useStudio((s) => s.loading);

  // The editor, created once Monaco has loaded.
  useEffect(() => {
    let editor: Monaco.editor.IStandaloneCodeEditor | undefined;
    let cancelled = false;
    loadMonaco().then(
      ({ monaco, LANGUAGE_ID, THEME }) => {
        if (cancelled || !host.current) return;
        editor = monaco.editor.create(host.current, {
          model: null,
          theme: THEME,
          automaticLayout: true,
          fontFamily: MONO,
          fontSize: 13,
          lineHeight: 20,
          tabSize: 2,
          insertSpaces: true,
          // The graph is the map of the policy; the editor keeps its width for text.
          minimap: { enabled: false },
          scrollBeyondLastLine: false,
          wordBasedSuggestions: 'off',
          'semanticHighlighting.enabled': true,
          quickSuggestions: { other: true, comments: false, strings: false },
          suggest: { showWords: false, preview: true },
          stickyScroll: { enabled: true, maxLineCount: 3 },
          fixedOverflowWidgets: true,
          renderLineHighlight: 'all',
          lineNumbersMinChars: 4,
          padding: { top: 8, bottom: 8 },
          smoothScrolling: true,
          unicodeHighlight: { ambiguousCharacters: false },
          guides: { indentation: true, bracketPairs: false },
        });
        // Tab indents; Ctrl+M (Cmd+M), as in VS Code, switches it to moving the focus on, so that a
        // keyboard can leave the editor for the graph and the dock (and back with Shift+Tab).
        editor.addAction({
          id: 'verdict.toggleTabFocusMode',
          label: 'Toggle Tab Key Moves Focus',
          keybindings: [monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyM],
          run: (ed) => ed.updateOptions({ tabFocusMode: !ed.getOption(monaco.editor.EditorOption.tabFocusMode) }),
        });
        commands.formatDocument = () => void editor?.getAction('editor.action.formatDocument')?.run();
        commands.focus = () => editor?.focus();
        setLoaded({ monaco, editor, language: LANGUAGE_ID });
        noteEditorReady();
      },
      (e: unknown) => setLoadError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      cancelled = true;
      commands.formatDocument = undefined;
      commands.focus = undefined;
      editor?.dispose();
    };
  }, [store, commands]);

  // The working model of the open file, bound to this studio's analyzer.
  useEffect(() => {
    if (!loaded || !path) return;
    const { monaco, editor, language } = loaded;
    const model = monaco.editor.createModel(store.getState().text, language, monaco.Uri.from({ scheme: 'verdict', path: `/workspace/${path}` }));
    const unbind = bindModel(model, { analyzer, diagnostics: () => store.getState().analysis?.diagnostics ?? [] });
    editor.setModel(model);
    editor.updateOptions({ readOnly: false });

    // The undo stack as the graph's buttons show it; read after the change, as an undo moves its
    // step to the redo stack only once its edits are applied.
    const history = () => !model.isDisposed() && store.getState().setHistory(model.canUndo(), model.canRedo());
    history();
    const onEdit = model.onDidChangeContent(() => {
      queueMicrotask(history);
      const text = model.getValue();
      if (text === store.getState().text) return;
      noteInput(store.getState().version + 1);
      store.getState().setText(text);
    });
    const onCursor = editor.onDidChangeCursorPosition((e) => {
      if (editor.getModel() !== model) return;
      store.getState().setCursor(e.position.lineNumber, e.position.column);
      store.getState().selectAtOffset(model.getOffsetAt(e.position));
    });
    // Visual edits from the graph: one undo step each, in the editor's own undo stack.
    const rangeOf = (start: number, end: number) => monaco.Range.fromPositions(model.getPositionAt(start), model.getPositionAt(end));
    const working = () => !model.isDisposed() && editor.getModel() === model && !store.getState().viewing;
    commands.applyEdits = (batches, focus) => {
      if (!working()) return false;
      editor.pushUndoStop();
      for (const edits of batches) editor.executeEdits('visual', edits.map((e) => ({ range: rangeOf(e.start, e.end), text: e.text, forceMoveMarkers: true })));
      editor.pushUndoStop();
      if (focus) {
        const r = rangeOf(focus.start, focus.end);
        editor.setSelection(r);
        editor.revealRangeInCenterIfOutsideViewport(r, monaco.editor.ScrollType.Smooth);
      }
      return true;
    };
    commands.undo = () => working() && void editor.trigger('visual', 'undo', null);
    commands.redo = () => working() && void editor.trigger('visual', 'redo', null);
    const setMarkers = () => monaco.editor.setModelMarkers(model, 'verdict', markersOf(monaco, store.getState().analysis?.diagnostics ?? []));
    setMarkers();
    const unsubscribe = store.subscribe((s, prev) => {
      if (s.text !== prev.text && s.text !== model.getValue()) model.setValue(s.text);
      if (s.analysis !== prev.analysis) setMarkers();
      if (s.reveal !== prev.reveal && s.reveal && !s.viewing && editor.getModel() === model) {
        const r = toMonacoRange(s.reveal.range);
        editor.setSelection(r);
        editor.revealRangeNearTopIfOutsideViewport(r, monaco.editor.ScrollType.Smooth);
        // A click in the graph leaves the keyboard in the graph (see GraphViewSlice.reveal).
        if (s.reveal.focus) editor.focus();
      }
    });
    return () => {
      commands.applyEdits = commands.undo = commands.redo = undefined;
      store.getState().setHistory(false, false);
      onEdit.dispose();
      onCursor.dispose();
      unsubscribe();
      unbind();
      model.dispose();
    };
  }, [loaded, path, store, analyzer, commands]);

  // A saved version, shown read-only in place of the working text.
  useEffect(() => {
    if (!loaded || !viewing) return;
    const { monaco, editor, language } = loaded;
    const working = editor.getModel();
    const state = editor.saveViewState();
    const model = monaco.editor.createModel(viewing.text, language, monaco.Uri.from({ scheme: 'verdict', path: `/version/${viewing.number}/${path ?? ''}` }));
    monaco.editor.setModelMarkers(model, 'verdict', markersOf(monaco, viewing.diagnostics));
    // Hover, go to definition and highlighting on the version's own text.
    const unbind = bindModel(model, { analyzer, diagnostics: () => viewing.diagnostics, readOnlyText: viewing.text });
    editor.setModel(model);
    editor.updateOptions({ readOnly: true });
    const unsubscribe = store.subscribe((s, prev) => {
      if (s.reveal !== prev.reveal && s.reveal && s.viewing) {
        const r = toMonacoRange(s.reveal.range);
        editor.setSelection(r);
        editor.revealRangeNearTopIfOutsideViewport(r, monaco.editor.ScrollType.Smooth);
      }
    });
    return () => {
      unsubscribe();
      unbind();
      if (working && !working.isDisposed()) {
        editor.setModel(working);
        if (state) editor.restoreViewState(state);
        editor.updateOptions({ readOnly: false });
      }
      model.dispose();
    };
  }, [loaded, viewing, path, store, analyzer]);

  return (
    <div className="editor-pane" data-testid="editor">
      <div className="editor-host" ref={host} data-testid="editor-host" />
      {!loaded && !loadError && <div className="editor-placeholder">{loading || path ? 'Loading the editor…' : 'Open a policy from the list on the left.'}</div>}
      {loadError && <div className="editor-placeholder editor-error">The editor failed to load: {loadError}</div>}
      {loaded && !path && <div className="editor-placeholder">Open a policy from the list on the left.</div>}
    </div>
  );
}
