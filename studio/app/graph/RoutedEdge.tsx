// An edge drawn along the route elk computed (orthogonal, with rounded corners), its label where
// elk left room for it. Before a layout exists, a smooth-step path between the handles.

import { BaseEdge, EdgeLabelRenderer, getSmoothStepPath, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import type { XY } from './layout.js';
import type { VerdictEdge } from './mappers.js';

/** An SVG path through the points, corners rounded by up to `r`. */
export function roundedPath(points: readonly XY[], r = 8): string {
  if (points.length === 0) return '';
  let d = `M ${points[0].x} ${points[0].y}`;
  for (let i = 1; i < points.length - 1; i++) {
    const [a, b, c] = [points[i - 1], points[i], points[i + 1]];
    const r1 = Math.min(r, Math.hypot(b.x - a.x, b.y - a.y) / 2, Math.hypot(c.x - b.x, c.y - b.y) / 2);
    const into = { x: b.x - (Math.sign(b.x - a.x) * r1 || 0), y: b.y - (Math.sign(b.y - a.y) * r1 || 0) };
    const out = { x: b.x + (Math.sign(c.x - b.x) * r1 || 0), y: b.y + (Math.sign(c.y - b.y) * r1 || 0) };
    d += ` L ${into.x} ${into.y} Q ${b.x} ${b.y} ${out.x} ${out.y}`;
  }
  const last = points[points.length - 1];
  return `${d} L ${last.x} ${last.y}`;
}

function RoutedEdgeComponent({ id, data, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, markerEnd }: EdgeProps<VerdictEdge>) {
  const routed = data && data.points.length >= 2;
  const [fallback, lx, ly] = getSmoothStepPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, borderRadius: 8 });
  const path = routed ? roundedPath(data.points) : fallback;
  const box = data?.labelBox;
  const labelX = box ? box.x + box.width / 2 : lx;
  const labelY = box ? box.y + box.height / 2 : ly;
  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={markerEnd} className={`gedge${data?.active ? ' is-active' : ''}${data?.branch ? ' is-branch' : ''}${data?.path ? ` is-${data.path}` : ''}`} />
      {data?.label && (
        <EdgeLabelRenderer>
          <div
            className={`gedge-label${data.label === 'else' ? ' is-else' : ''}${data.active ? ' is-active' : ''}${data.path ? ` is-${data.path}` : ''}`}
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
            title={data.label}
            data-testid={`edge-label-${id}`}
            data-path={data.path}
          >
            {data.label}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
}

export const RoutedEdge = memo(RoutedEdgeComponent);
export const edgeTypes = { routed: RoutedEdge };
