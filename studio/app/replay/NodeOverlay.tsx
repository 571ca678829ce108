// The replay overlay as the graph's node components draw it: a node's own slice of the store's
// `graphOverlay` (the working graph only, never a saved version's), a tag above the node, and
// per rule a state class, a heat bar and the values it read, beside the row.

import type { CSSProperties } from 'react';
import { useStudio } from '../store/context.js';
import { overlayOf, type Heat, type NodeOverlay, type RuleOverlay } from './overlay.js';
import './overlay.css';

export function useNodeOverlay(id: string): NodeOverlay | undefined {
  return useStudio((s) => (s.viewing || s.diff ? undefined : overlayOf(s.graphOverlay, id)));
}

/** Classes of a node's frame: on the path, off it, or heated. */
export function nodeOverlayClass(o: NodeOverlay | undefined): string {
  if (!o) return '';
  return [o.visit ? ` ov-${o.visit}` : '', o.heat ? ' ov-heat' : ''].join('');
}

export function ruleOverlayClass(o: RuleOverlay | undefined): string {
  if (!o) return '';
  return `${o.state ? ` ov-rule-${o.state}` : ''}${o.decisive ? ' ov-rule-decisive' : ''}`;
}

/** A heat colour from cold blue-grey to hot red, for a level 0..1. */
export function heatColor(level: number, alpha = 1): string {
  const hue = 210 - 210 * Math.min(1, Math.max(0, level));
  return `hsla(${hue.toFixed(0)}, 75%, 52%, ${alpha})`;
}

const heatStyle = (h: Heat): CSSProperties => ({
  ['--heat' as string]: heatColor(h.level),
  // A tint of the same hue behind dark text: white on the yellows and greens of the middle of the scale is unreadable.
  ['--heat-soft' as string]: heatColor(h.level, 0.22),
  ['--heat-w' as string]: `${Math.max(2, h.level * 100).toFixed(1)}%`,
});

/** The tag above a node: its step on the path and what happened there, or its heat. */
export function NodeTag({ id, o }: { id: string; o: NodeOverlay | undefined }) {
  if (!o || (!o.note && o.step === undefined)) return null;
  return (
    <div className={`ov-tag${o.heat ? ' ov-tag-heat' : ''}`} data-testid={`overlay-node-${id}`} title={o.heat?.title ?? o.note} style={o.heat ? heatStyle(o.heat) : undefined}>
      {o.step !== undefined && <span className="ov-step">{o.step}</span>}
      {o.note && <span className="ov-note">{o.note}</span>}
    </div>
  );
}

const STATE_LABEL: Partial<Record<NonNullable<RuleOverlay['state']>, string>> = {
  hit: 'hit',
  shadow_hit: 'shadow hit',
  missing: 'missing',
  not_run: 'not run',
  error: 'error',
};

/** What a rule did on the path, in words, for its tooltip: `rejected: applicant.age = 17 · min_age = 18`. */
export function ruleStateText(o: RuleOverlay): string {
  const label = o.decisive ? 'rejected' : o.state ? (STATE_LABEL[o.state] ?? o.state) : '';
  return [label, o.values].filter(Boolean).join(': ');
}

/**
 * Inside a rule row: its heat bar and rate; or, on a path, what it read in short (the full names
 * and values in the tooltip). The row keeps its size, so nothing spills onto the next node.
 */
export function RuleMark({ id, o }: { id: string; o: RuleOverlay | undefined }) {
  if (!o) return null;
  const inline = o.short ?? (o.state ? STATE_LABEL[o.state] : undefined);
  return (
    <>
      {o.heat && (
        <span className={`ov-rate ov-trend-${o.heat.trend}`} style={heatStyle(o.heat)} title={o.heat.title} data-testid={`overlay-rate-${id}`}>
          <span className="ov-rate-bar" />
          <span className="ov-rate-text">
            {o.heat.text}
            {o.heat.delta && o.heat.trend !== 'flat' && <span className="ov-delta"> {o.heat.delta}</span>}
          </span>
        </span>
      )}
      {inline && (
        <span className={`ov-values${o.decisive ? ' is-decisive' : ''}${o.short ? '' : ' is-state'}`} data-testid={`overlay-rule-${id}`} data-state={o.state} title={ruleStateText(o)}>
          {inline}
        </span>
      )}
    </>
  );
}

/** In a scorecard row on a path: the value read and the points it scored (the bin in the tooltip). */
export function CharacteristicMark({ text, value }: { text: string | undefined; value?: { value: string; points: string } }) {
  if (!text || !value) return null;
  const points = value.points.startsWith('-') ? `−${value.points.slice(1)}` : `+${value.points}`;
  return (
    <span className="ov-sc" title={text}>
      <span className="ov-sc-value">{value.value}</span>
      <span className="ov-sc-points">{points}</span>
    </span>
  );
}
