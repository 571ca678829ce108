// How each node kind is drawn: one component per kind in a `Record<GraphNodeKind, …>` (a new kind
// does not compile until it has one). Sizes come from graph/model.ts; the rows here sit on the
// same grid (HEADER_H, ROW_H, TERMS_H), so elk's boxes and the drawn boxes agree.

import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo, type ComponentType, type MouseEvent, type ReactNode } from 'react';
import type { GraphNodeKind } from '../../../../runtime/graph.js';
import { useStudioStore } from '../../store/context.js';
import { CharacteristicMark, NodeTag, nodeOverlayClass, ruleOverlayClass, RuleMark, ruleStateText, useNodeOverlay } from '../../replay/NodeOverlay.js';
import type { VerdictNode } from '../mappers.js';
import { HEADER_H, ROW_H, TERMS_H, type NodeModelOf, type RuleRow } from '../model.js';

type KindProps<K extends GraphNodeKind> = { model: NodeModelOf<K>; selectedRule?: string };

const KIND_LABEL: Record<GraphNodeKind, string> = { start: 'Start', ruleset: 'Rule set', scorecard: 'Scorecard', branch: 'Branch', decision: 'Decision' };

function Frame({ kind, id, title, meta, children }: { kind: GraphNodeKind; id: string; title?: string; meta?: ReactNode; children: ReactNode }) {
  // The last replay drawn over the node (its path or its heat), from the store.
  const overlay = useNodeOverlay(id);
  return (
    <div className={`gnode gnode-${kind}${nodeOverlayClass(overlay)}`} data-testid={`node-${id}`} data-kind={kind} data-visit={overlay?.visit}>
      <NodeTag id={id} o={overlay} />
      <Handle type="target" position={Position.Left} className="ghandle" isConnectable={false} />
      <div className="gnode-header" style={{ height: HEADER_H }}>
        <div className="gnode-kindline">
          <span className="gnode-kind">{KIND_LABEL[kind]}</span>
          {meta && <span className="gnode-meta">{meta}</span>}
        </div>
        <div className="gnode-titleline" title={title ? `${id} — ${title}` : id}>
          <span className="gnode-id">{id}</span>
          {title && <span className="gnode-title">{title}</span>}
        </div>
      </div>
      <div className="gnode-body">{children}</div>
      <Handle type="source" position={Position.Right} className="ghandle" isConnectable={false} />
    </div>
  );
}

/** Short form of a cost class for the badge (the full label is the tooltip). */
export function costShort(r: Pick<RuleRow, 'costLabel' | 'costRank'>): string {
  if (r.costRank === 0) return 'free';
  const [origin, cost, latency] = r.costLabel.split(' · ');
  return [origin === 'external' ? 'ext' : 'own', cost === 'per-query' ? 'query' : cost === 'per-hit' ? 'hit' : 'free', latency === 'slow' ? 'slow' : ''].filter(Boolean).join('·');
}

/** Badge tone from the cost class: free, cheap (own or per hit), dear (per query), slow. */
function costTone(r: RuleRow): string {
  if (r.costRank <= 1) return 'free';
  if (r.costLabel.endsWith('slow')) return 'slow';
  if (r.costLabel.includes('per-query')) return 'query';
  return 'hit';
}

const SWITCH_LABEL: Record<RuleRow['switch'], string | undefined> = { on: undefined, required: 'req', off: 'off', shadow: 'shadow' };

function RuleSetNode({ model, selectedRule }: KindProps<'ruleset'>) {
  const store = useStudioStore();
  const overlay = useNodeOverlay(model.id);
  const running = model.rules.filter((r) => r.switch !== 'off').length;
  const click = (e: MouseEvent, rule: string) => {
    e.stopPropagation();
    store.getState().selectInGraph(model.id, rule);
  };
  return (
    <Frame kind="ruleset" id={model.id} title={model.title} meta={`order ${model.order} · ${running}/${model.rules.length} on`}>
      {model.rules.map((r, i) => (
        <div
          key={r.id}
          className={`grow rule-row switch-${r.switch}${selectedRule === r.id ? ' is-selected' : ''}${ruleOverlayClass(overlay?.rules?.[r.id])}`}
          style={{ height: ROW_H }}
          onClick={(e) => click(e, r.id)}
          title={`${r.id}${r.title ? ` — ${r.title}` : ''}\n${r.outcome}${r.reason ? ` “${r.reason}”` : ''} · switch ${r.switch}\ncost class ${r.costLabel}${r.costSource ? ` (${r.costSource})` : ''}${r.writtenIndex !== i ? `\nwritten ${r.writtenIndex + 1}th, runs ${i + 1}th` : ''}${overlay?.rules?.[r.id]?.state ? `\n\nthis record: ${ruleStateText(overlay.rules[r.id])}` : ''}`}
          data-testid={`rule-${r.id}`}
        >
          <span className="rule-index">{i + 1}</span>
          <span className="rule-id">{r.id}</span>
          {SWITCH_LABEL[r.switch] && <span className={`switch-badge switch-badge-${r.switch}`}>{SWITCH_LABEL[r.switch]}</span>}
          <span className={`outcome-pill outcome-${r.outcome}`}>{r.outcome}</span>
          <span className={`cost-badge cost-${costTone(r)}`}>{costShort(r)}</span>
          <RuleMark id={r.id} o={overlay?.rules?.[r.id]} />
        </div>
      ))}
      {model.rules.length === 0 && <div className="grow grow-empty">no rules</div>}
    </Frame>
  );
}

const signed = (s: string) => (s.startsWith('-') ? `−${s.slice(1)}` : `+${s}`);

function ScorecardNode({ model }: KindProps<'scorecard'>) {
  const overlay = useNodeOverlay(model.id);
  return (
    <Frame kind="scorecard" id={model.id} title={model.title} meta={`${model.characteristics.length} characteristics`}>
      <div className="grow sc-base" style={{ height: ROW_H }}>
        <span className="sc-label">base</span>
        <span className="sc-points">{model.base}</span>
      </div>
      {model.characteristics.map((c, i) => (
        <div key={c.label} className="grow sc-row" style={{ height: ROW_H }} title={`${c.label}: ${c.bins} bins, ${c.min} to ${c.max} points`}>
          <span className="sc-label mono">{c.label}</span>
          <span className="sc-bins">{c.bins} bins</span>
          <span className="sc-points">
            {c.min === c.max ? signed(c.min) : `${signed(c.min)}…${signed(c.max)}`}
          </span>
          <CharacteristicMark text={overlay?.characteristics?.[i]} value={overlay?.points?.[i]} />
        </div>
      ))}
    </Frame>
  );
}

function BranchNode({ model }: KindProps<'branch'>) {
  return (
    <Frame kind="branch" id={model.id} title={model.title}>
      <div className="grow branch-row" style={{ height: ROW_H }}>
        {model.arms} condition{model.arms === 1 ? '' : 's'} + else, on the edges
      </div>
    </Frame>
  );
}

function DecisionNode({ model }: KindProps<'decision'>) {
  const taken = useNodeOverlay(model.id)?.outcome;
  const takenRow = taken === 'else' ? model.outcomes.length - 1 : taken;
  return (
    <Frame kind="decision" id={model.id} title={model.title} meta={`${model.outcomes.length} outcomes`}>
      {model.outcomes.map((o, i) => (
        <div key={i} className={`dec-outcome${takenRow === i ? ' ov-taken' : ''}`} style={{ height: ROW_H + (o.terms.length ? TERMS_H : 0) }}>
          <div className="grow dec-row" style={{ height: ROW_H }} title={`${o.when ? `when ${o.when}` : 'else'} => ${o.decision}${o.reason ? ` “${o.reason}”` : ''}`}>
            <span className={`outcome-pill outcome-${o.decision}`}>{o.decision}</span>
            <span className="dec-when mono">{o.when ? o.when : 'else'}</span>
            {o.reason && <span className="dec-reason">{o.reason}</span>}
          </div>
          {o.terms.length > 0 && (
            <div className="dec-terms mono" style={{ height: TERMS_H }} title={o.terms.map((t) => `${t.key} ${t.text}`).join('\n')}>
              {o.terms.map((t) => (
                <span key={t.key} className="dec-term">
                  <span className="dec-term-key">{t.key}</span> {t.text}
                </span>
              ))}
            </div>
          )}
        </div>
      ))}
    </Frame>
  );
}

function StartNode() {
  const overlay = useNodeOverlay('start');
  return (
    <div className={`gnode-start${nodeOverlayClass(overlay)}`} data-testid="node-start" data-visit={overlay?.visit}>
      start
      <Handle type="source" position={Position.Right} className="ghandle" isConnectable={false} />
    </div>
  );
}

const KIND_COMPONENTS: { [K in GraphNodeKind]: ComponentType<KindProps<K>> } = {
  start: StartNode,
  ruleset: RuleSetNode,
  scorecard: ScorecardNode,
  branch: BranchNode,
  decision: DecisionNode,
};

function adapt<K extends GraphNodeKind>(kind: K) {
  const Component = KIND_COMPONENTS[kind] as unknown as ComponentType<KindProps<GraphNodeKind>>;
  const Adapted = ({ data }: NodeProps<VerdictNode>) => <Component model={data.model as NodeModelOf<K>} selectedRule={data.selectedRule} />;
  Adapted.displayName = `${KIND_LABEL[kind].replace(' ', '')}Node`;
  return memo(Adapted);
}

/** React Flow's `nodeTypes`: node `type` is the graph node's kind. */
export const nodeTypes: Record<GraphNodeKind, ComponentType<NodeProps<VerdictNode>>> = {
  start: adapt('start'),
  ruleset: adapt('ruleset'),
  scorecard: adapt('scorecard'),
  branch: adapt('branch'),
  decision: adapt('decision'),
};
