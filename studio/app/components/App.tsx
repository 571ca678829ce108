import { useEffect, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import { isDirty } from '../store/index.js';
import { useStudio, useStudioStore } from '../store/context.js';
import { Dialogs } from './Dialogs.js';
import { DiffView } from './DiffView.js';
import { EditorPane } from './EditorPane.js';
import { GraphPane } from './GraphPane.js';
import { ProblemsPanel } from './ProblemsPanel.js';
import { ReplayDock } from '../replay/ReplayDock.js';
import { Sidebar } from './Sidebar.js';
import { useSidebarShown } from './sidebar-state.js';
import { clampSplit, DEFAULT_SPLIT, rememberedSplit, rememberSplit } from './split-state.js';
import { StatusBar } from './StatusBar.js';
import { Toasts } from './Toasts.js';
import { TopBar } from './TopBar.js';
import { VersionBanner } from './VersionBanner.js';

export function App() {
  const diffOpen = useStudio((s) => s.diff !== undefined);
  const sidebar = useSidebarShown();
  useGlobalKeys();
  useUnsavedWarning();
  return (
    <div className="studio" data-testid="studio">
      <TopBar />
      <div className={`studio-body${sidebar ? '' : ' is-folded'}`}>
        {sidebar && <Sidebar />}
        <main className="studio-main">
          <Workbench hidden={diffOpen} />
          {diffOpen && <DiffView />}
          <ReplayDock hidden={diffOpen} />
        </main>
      </div>
      <StatusBar />
      <Dialogs />
      <Toasts />
    </div>
  );
}

/** Editor (with problems) and graph side by side, with a draggable divider (remembered; a double click puts it back). */
function Workbench({ hidden }: { hidden: boolean }) {
  const [split, setSplit] = useState(rememberedSplit);
  const ref = useRef<HTMLDivElement>(null);
  const onPointerDown = (e: ReactPointerEvent) => {
    e.preventDefault();
    const box = ref.current!.getBoundingClientRect();
    let last: number | undefined;
    const move = (ev: PointerEvent) => setSplit((last = clampSplit((ev.clientX - box.left) / box.width)));
    const up = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
      if (last !== undefined) rememberSplit(last);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  };
  const reset = () => {
    setSplit(DEFAULT_SPLIT);
    rememberSplit(DEFAULT_SPLIT);
  };
  return (
    <div className="workbench" ref={ref} style={{ display: hidden ? 'none' : undefined, gridTemplateColumns: `${split}fr 5px ${1 - split}fr` }}>
      <section className="editor-column">
        <VersionBanner />
        <EditorPane />
        <ProblemsPanel />
      </section>
      <div className="splitter" onPointerDown={onPointerDown} onDoubleClick={reset} role="separator" aria-orientation="vertical" title="Drag to share the width; double-click to reset" data-testid="workbench-splitter" />
      <GraphPane />
    </div>
  );
}

/** Ctrl/Cmd+S saves, also when the focus is outside the editor. */
function useGlobalKeys() {
  const store = useStudioStore();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
        e.preventDefault();
        void store.getState().saveFile();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store]);
}

function useUnsavedWarning() {
  const store = useStudioStore();
  useEffect(() => {
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (isDirty(store.getState())) e.preventDefault();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [store]);
}
