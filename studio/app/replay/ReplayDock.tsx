// The replay area under the editor and the graph: Test, Backtest and Runs tabs, a height the
// analyst drags, and the switch of what the graph draws (the last test's path or the last
// backtest's heat). It also lends the editor's hover the last trigger rates of a rule.

import { useEffect, useState, type PointerEvent as ReactPointerEvent } from 'react';
import { BacktestPanel } from '../components/BacktestPanel.js';
import { RunsList } from '../components/RunsList.js';
import { TestPanel } from '../components/TestPanel.js';
import { addHoverExtra } from '../language/providers.js';
import { useStudio, useStudioShallow, useStudioStore } from '../store/context.js';
import { dockHeight } from './dock-prefs.js';
import { sideLabel } from './format.js';
import { rateHover } from './overlay.js';
import type { DockTab } from './types.js';
import './replay.css';

const TABS: { id: DockTab; label: string }[] = [
  { id: 'test', label: 'Test' },
  { id: 'backtest', label: 'Backtest' },
  { id: 'runs', label: 'Runs' },
];

function useRateHover() {
  const store = useStudioStore();
  useEffect(
    () =>
      addHoverExtra((word) => {
        const s = store.getState();
        const r = s.ruleRates?.[word];
        const run = s.backtest.run;
        return r ? rateHover(word, r, run && `${sideLabel(run.inputs.base)} → ${sideLabel(run.inputs.candidate)}`) : undefined;
      }),
    [store],
  );
}

function useWindowHeight(): number {
  const [h, setH] = useState(() => window.innerHeight);
  useEffect(() => {
    const onResize = () => setH(window.innerHeight);
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return h;
}

/** `hidden` while the diff view covers the workbench: the dock keeps its state for when it returns. */
export function ReplayDock({ hidden = false }: { hidden?: boolean }) {
  const store = useStudioStore();
  const { open, tab, height: wanted } = useStudio((s) => s.dock);
  const { mode, hasTrace, hasHeat, running } = useStudioShallow((s) => ({
    mode: s.overlayMode,
    hasTrace: !!s.test.result?.trace,
    hasHeat: !!s.backtest.run?.report,
    running: s.backtest.run?.status === 'running',
  }));
  const windowHeight = useWindowHeight();
  // While dragging, the height follows the pointer; it is stored (and remembered) on release.
  const [dragged, setDragged] = useState<number>();
  const height = dockHeight(dragged ?? wanted, windowHeight);
  useRateHover();

  const onPointerDown = (e: ReactPointerEvent) => {
    e.preventDefault();
    const startY = e.clientY;
    const startH = height;
    let last = startH;
    const move = (ev: PointerEvent) => setDragged((last = dockHeight(startH + startY - ev.clientY, window.innerHeight)));
    const up = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
      setDragged(undefined);
      if (last !== startH) act.setDock({ height: last });
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  };
  const act = store.getState();
  return (
    <section className={`rp-dock${open ? ' is-open' : ''}`} style={hidden ? { display: 'none' } : open ? { height } : undefined} data-testid="replay-dock">
      {open && <div className="rp-dock-splitter" onPointerDown={onPointerDown} role="separator" aria-orientation="horizontal" />}
      <div className="rp-dock-bar">
        {TABS.map((t) => (
          <button
            key={t.id}
            className={`rp-dock-tab${open && tab === t.id ? ' is-active' : ''}`}
            // Shows its panel, the dock opened if it was folded; the ▾ button folds it (a click on
            // the panel already shown used to fold the dock, the first click after a reload among them).
            onClick={() => act.setDock({ open: true, tab: t.id })}
            aria-pressed={open && tab === t.id}
            data-testid={`dock-tab-${t.id}`}
          >
            {t.label}
            {t.id === 'backtest' && running && <span className="rp-dot" title="A backtest is running" />}
          </button>
        ))}
        <span className="rp-spacer" />
        <span className="rp-muted">On the graph:</span>
        <div className="rp-seg" role="group" aria-label="What the graph shows">
          <button className={mode === 'trace' ? 'is-active' : ''} aria-pressed={mode === 'trace'} disabled={!hasTrace} onClick={() => act.setOverlayMode('trace')} data-testid="overlay-trace">
            Test path
          </button>
          <button className={mode === 'heat' ? 'is-active' : ''} aria-pressed={mode === 'heat'} disabled={!hasHeat} onClick={() => act.setOverlayMode('heat')} data-testid="overlay-heat">
            Trigger rates
          </button>
          <button className={mode === 'off' ? 'is-active' : ''} aria-pressed={mode === 'off'} onClick={() => act.setOverlayMode('off')} data-testid="overlay-off">
            Nothing
          </button>
        </div>
        <button
          className="rp-dock-toggle"
          onClick={() => act.setDock({ open: !open })}
          title={open ? 'Hide the panel' : 'Show the panel'}
          aria-label={open ? 'Hide the panel' : 'Show the panel'}
          aria-expanded={open}
          data-testid="dock-toggle"
        >
          {open ? '▾' : '▴'}
        </button>
      </div>
      {open && (
        <div className="rp-dock-body">
          {tab === 'test' && <TestPanel />}
          {tab === 'backtest' && <BacktestPanel />}
          {tab === 'runs' && <RunsList />}
        </div>
      )}
    </section>
  );
}
