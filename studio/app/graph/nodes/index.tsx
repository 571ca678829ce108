// How each node kind is drawn: one component per kind in a `Record<GraphNodeKind, …>` (a new kind
// does not compile until it has one). Sizes come from graph/model.ts; the rows here sit on the
// same grid (HEADER_H, ROW_H, TERMS_H), so elk's boxes and the drawn boxes agree.

import { Handle, Position, type NodeProps } from '@xyflow/react';
import { createContext, memo, useContext, type ComponentType, type ReactNode } from 'react';
import type { GraphNodeKind } from '../../../../runtime/graph.js';
import { CharacteristicMark, NodeTag, nodeOverlayClass, useNodeOverlay } from '../../replay/NodeOverlay.js';
import { useEditable } from '../../visual/hooks.js';
import { ArmList, ClauseList, RuleList } from '../../visual/rows.js';
import type { InHandle, VerdictNode } from '../mappers.js';
import { HEADER_H, ROW_H, switchCounts, type NodeModelOf, type RuleRow } from '../model.js';

type KindProps<K extends GraphNodeKind> = { model: NodeModelOf<K>; selectedRule?: string };

const KIND_LABEL: Record<GraphNodeKind, string> = { start: 'Start', ruleset: 'Rule set', scorecard: 'Scorecard', branch: 'Branch', decision: 'Decision' };

/** The target handles of the node drawn (one per incoming edge: graph/mappers.ts `inHandles`). */
const Inputs = createContext<readonly InHandle[]>([]);

function Frame({ kind, id, title, meta, children }: { kind: GraphNodeKind; id: string; title?: string; meta?: ReactNode; children: ReactNode }) {
  // Editable: an edge is drawn from a node's right handle (a branch: from its rows') to another node.
  const editable = useEditable();
  const source = kind === 'ruleset' || kind === 'scorecard';
  // The last replay drawn over the node (its path or its heat), from the store.
  const overlay = useNodeOverlay(id);
  const inputs = useContext(Inputs);
  return (
    <div className={`gnode gnode-${kind}${nodeOverlayClass(overlay)}`} data-testid={`node-${id}`} data-kind={kind} data-visit={overlay?.visit}>
      <NodeTag id={id} o={overlay} />
      {/* New edges are drawn to this one; each edge in ends on its own (its reconnect grip where its route ends). */}
      <Handle type="target" position={Position.Left} className="ghandle" isConnectable={editable} />
      {inputs.map((h) => (
        <Handle key={h.id} id={h.id} type="target" position={Position.Left} className="ghandle ghandle-in" style={{ top: h.top }} isConnectable={editable} />
      ))}
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
      <Handle type="source" position={Position.Right} className={`ghandle${source ? '' : ' ghandle-none'}`} isConnectable={editable && source} data-testid={source ? `handle-${id}` : undefined} />
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
export function costTone(r: RuleRow): string {
  if (r.costRank <= 1) return 'free';
  if (r.costLabel.endsWith('slow')) return 'slow';
  if (r.costLabel.includes('per-query')) return 'query';
  return 'hit';
}

function RuleSetNode({ model, selectedRule }: KindProps<'ruleset'>) {
  const overlay = useNodeOverlay(model.id);
  return (
    <Frame kind="ruleset" id={model.id} title={model.title} meta={`order ${model.order} · ${switchCounts(model.rules)}`}>
      <RuleList model={model} selectedRule={selectedRule} overlay={overlay?.rules} badge={(r) => <span className={`cost-badge cost-${costTone(r)}`}>{costShort(r)}</span>} />
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
    <Frame kind="branch" id={model.id} title={model.title} meta={`${model.arms.length} condition${model.arms.length === 1 ? '' : 's'} + else`}>
      <ArmList model={model} />
    </Frame>
  );
}

function DecisionNode({ model }: KindProps<'decision'>) {
  const taken = useNodeOverlay(model.id)?.outcome;
  const takenRow = taken === 'else' ? model.outcomes.length - 1 : taken;
  return (
    <Frame kind="decision" id={model.id} title={model.title} meta={`${model.outcomes.length} outcomes`}>
      <ClauseList model={model} takenRow={takenRow} />
    </Frame>
  );
}

function StartNode() {
  const editable = useEditable();
  const overlay = useNodeOverlay('start');
  return (
    <div className={`gnode-start${nodeOverlayClass(overlay)}`} data-testid="node-start" data-visit={overlay?.visit}>
      start
      <Handle type="source" position={Position.Right} className="ghandle" isConnectable={editable} data-testid="handle-start" />
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
  const Adapted = ({ data }: NodeProps<VerdictNode>) => (
    <Inputs.Provider value={data.inputs ?? []}>
      <Component model={data.model as NodeModelOf<K>} selectedRule={data.selectedRule} />
    </Inputs.Provider>
  );
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
