// The inspector's condition field: a small Monaco editor with the main editor's language service,
// the condition analysed where it stands in the policy (visual/embedded.ts). Ctrl+Enter applies.

import { useEffect, useRef, useState } from 'react';
import type * as Monaco from 'monaco-editor/editor';
import { loadMonaco } from '../language/monaco.js';
import { bindModel, markersOf } from '../language/providers.js';
import type { Diagnostic } from '../../../grammar/diagnostics.js';
import { embeddedAnalyzer, type Region } from './embedded.js';

let instances = 0;

export function ConditionEditor({ value, region, onChange, onSubmit, label, readOnly }: { value: string; region: Region; onChange(v: string): void; onSubmit(): void; label: string; readOnly?: boolean }) {
  const host = useRef<HTMLDivElement>(null);
  const [problems, setProblems] = useState<Diagnostic[]>([]);
  const latest = useRef({ onChange, onSubmit });
  latest.current = { onChange, onSubmit };
  // The editor is made once per region (a rule); the value it starts from is the one at that time.
  const initial = useRef(value);
  initial.current = value;
  const regionKey = `${region.before.length}:${region.after.length}:${region.before.slice(-200)}`;

  useEffect(() => {
    let disposed = false;
    let cleanup = () => {};
    void Promise.all([loadMonaco(), embeddedAnalyzer(region)]).then(([{ monaco, LANGUAGE_ID, THEME }, analyzer]) => {
      if (disposed || !host.current) return;
      const model = monaco.editor.createModel(initial.current, LANGUAGE_ID, monaco.Uri.from({ scheme: 'verdict', path: `/inspector/${++instances}/condition` }));
      let diagnostics: Diagnostic[] = [];
      const unbind = bindModel(model, { analyzer, diagnostics: () => diagnostics });
      const unlisten = analyzer.onAnalysis((r) => {
        diagnostics = r.diagnostics;
        monaco.editor.setModelMarkers(model, 'verdict', markersOf(monaco, diagnostics));
        setProblems(diagnostics.filter((d) => d.severity === 'error'));
      });
      analyzer.setText(model.getValue());
      const editor = monaco.editor.create(host.current, {
        model,
        theme: THEME,
        automaticLayout: true,
        fontSize: 12,
        lineHeight: 18,
        minimap: { enabled: false },
        lineNumbers: 'off',
        glyphMargin: false,
        folding: false,
        scrollBeyondLastLine: false,
        wordWrap: 'on',
        wordBasedSuggestions: 'off',
        'semanticHighlighting.enabled': true,
        quickSuggestions: { other: true, comments: false, strings: false },
        fixedOverflowWidgets: true,
        renderLineHighlight: 'none',
        overviewRulerLanes: 0,
        scrollbar: { vertical: 'auto', horizontal: 'hidden' },
        padding: { top: 4, bottom: 4 },
        readOnly,
        ariaLabel: label,
      });
      editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => latest.current.onSubmit());
      const onEdit = model.onDidChangeContent(() => {
        analyzer.setText(model.getValue());
        latest.current.onChange(model.getValue());
      });
      cleanup = () => {
        onEdit.dispose();
        unlisten();
        unbind();
        editor.dispose();
        model.dispose();
        analyzer.dispose();
      };
    });
    return () => {
      disposed = true;
      cleanup();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- one editor per rule (region)
  }, [regionKey, readOnly, label]);

  return (
    <div className="condition-editor">
      <div className="condition-host" ref={host} data-testid="inspector-condition" />
      {problems.length > 0 && (
        <ul className="field-errors" data-testid="condition-problems">
          {problems.slice(0, 3).map((d, i) => (
            <li key={i}>{d.message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Monaco's type, for callers that keep a handle. */
export type ConditionEditorHandle = Monaco.editor.IStandaloneCodeEditor;
