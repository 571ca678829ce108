// Two versions side by side: Monaco's diff editor for the text, and the semantic diff (what the
// change means for the decision) computed from the two compiled graphs. It covers the workbench
// like a dialog, and closes like one: Close, or Escape.

import { useEffect, useRef, useState } from 'react';
import type * as Monaco from 'monaco-editor/editor';
import { loadMonaco } from '../language/monaco.js';
import { useEditorCommands, useStudio, useStudioStore } from '../store/context.js';
import type { VersionSide } from '../store/types.js';
import { SemanticPanel } from './SemanticDiffPanel.js';

const sideLabel = (s: VersionSide) => (s === 'working' ? 'Working text' : `Version ${s}`);

/**
 * Escape closes the diff, as it closes every dialog. The focus then goes back to what opened it
 * (the sidebar's "Diff with working"), or to the editor when that is gone (the version banner's
 * button goes with the banner). An Escape that Monaco used (closing its find widget) or that a
 * dialog over the diff takes (the app is inert under it) is not the diff's.
 */
function useEscapeCloses(close: () => void) {
  const commands = useEditorCommands();
  // Read at the first render, before the commit that may remove the opener.
  const [opener] = useState(() => (document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : undefined));
  const latest = useRef(close);
  latest.current = close;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented || document.getElementById('root')?.hasAttribute('inert')) return;
      e.preventDefault();
      latest.current();
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      // Runs after the commit that removed the diff: the workbench, and its editor, show again.
      if (opener?.isConnected) opener.focus();
      else commands.focus?.();
    };
  }, [commands, opener]);
}

export function DiffView() {
  const store = useStudioStore();
  const diff = useStudio((s) => s.diff)!;
  useEscapeCloses(() => store.getState().closeDiff());
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
        <button className="btn btn-small" onClick={() => store.getState().closeDiff()} title="Close the comparison (Escape)" data-testid="diff-close">
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
