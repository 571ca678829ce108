// Two versions side by side: Monaco's diff editor for the text, and the semantic diff (what the
// change means for the decision) computed from the two compiled graphs.

import { useEffect, useRef, useState } from 'react';
import type * as Monaco from 'monaco-editor/editor';
import { loadMonaco } from '../language/monaco.js';
import { useStudio, useStudioStore } from '../store/context.js';
import type { VersionSide } from '../store/types.js';
import { SemanticPanel } from './SemanticDiffPanel.js';

const sideLabel = (s: VersionSide) => (s === 'working' ? 'Working text' : `Version ${s}`);

export function DiffView() {
  const store = useStudioStore();
  const diff = useStudio((s) => s.diff)!;
  const versions = useStudio((s) => s.versions);
  const choose = (left: VersionSide, right: VersionSide) => void store.getState().openDiff(left, right);
  const parse = (v: string): VersionSide => (v === 'working' ? 'working' : Number(v));
  const options = [...versions.map((v) => ({ value: String(v.number), label: `v${v.number} — ${v.message}` })), { value: 'working', label: 'Working text' }];
  return (
    <div className="diff-view" data-testid="diff-view">
      <div className="pane-header">
        <span className="pane-title">Compare</span>
        <select className="select" value={String(diff.left)} onChange={(e) => choose(parse(e.target.value), diff.right)} data-testid="diff-left">
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
        <span className="diff-arrow">→</span>
        <select className="select" value={String(diff.right)} onChange={(e) => choose(diff.left, parse(e.target.value))} data-testid="diff-right">
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
        <span className="pane-spacer" />
        <button className="btn btn-small" onClick={() => store.getState().closeDiff()} data-testid="diff-close">
          Close
        </button>
      </div>
      <div className="diff-body">
        <TextDiff left={diff.leftText} right={diff.rightText} leftLabel={sideLabel(diff.left)} rightLabel={sideLabel(diff.right)} />
        <SemanticPanel />
      </div>
    </div>
  );
}

function TextDiff({ left, right, leftLabel, rightLabel }: { left: string; right: string; leftLabel: string; rightLabel: string }) {
  const host = useRef<HTMLDivElement>(null);
  const [editor, setEditor] = useState<{ monaco: typeof Monaco; diff: Monaco.editor.IStandaloneDiffEditor; language: string }>();
  useEffect(() => {
    let diff: Monaco.editor.IStandaloneDiffEditor | undefined;
    let cancelled = false;
    void loadMonaco().then(({ monaco, LANGUAGE_ID, THEME }) => {
      if (cancelled || !host.current) return;
      diff = monaco.editor.createDiffEditor(host.current, {
        theme: THEME,
        automaticLayout: true,
        readOnly: true,
        originalEditable: false,
        renderSideBySide: true,
        fontSize: 12,
        lineHeight: 18,
        fontFamily: '"JetBrains Mono", "SF Mono", Menlo, Consolas, "DejaVu Sans Mono", monospace',
        minimap: { enabled: false },
        scrollBeyondLastLine: false,
        hideUnchangedRegions: { enabled: true, contextLineCount: 3, minimumLineCount: 6 },
        renderOverviewRuler: true,
      });
      setEditor({ monaco, diff, language: LANGUAGE_ID });
    });
    return () => {
      cancelled = true;
      const models = diff?.getModel();
      diff?.dispose();
      models?.original.dispose();
      models?.modified.dispose();
    };
  }, []);
  useEffect(() => {
    if (!editor) return;
    const { monaco, diff, language } = editor;
    const old = diff.getModel();
    diff.setModel({ original: monaco.editor.createModel(left, language), modified: monaco.editor.createModel(right, language) });
    old?.original.dispose();
    old?.modified.dispose();
  }, [editor, left, right]);
  return (
    <div className="text-diff">
      <div className="text-diff-labels">
        <span>{leftLabel}</span>
        <span>{rightLabel}</span>
      </div>
      <div className="text-diff-host" ref={host} data-testid="text-diff" />
    </div>
  );
}
