// An edge of the editable graph: drawn as the routed edge, with a small button in its middle that
// inserts a node on it (a form asks which). The button shows on hover, on focus, and on the edges
// of the selected node.

import { EdgeLabelRenderer, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import { RoutedEdge } from '../graph/RoutedEdge.js';
import type { VerdictEdge } from '../graph/mappers.js';
import { useStudioStore } from '../store/context.js';
import { useEditable } from './hooks.js';
import { midpoint } from './layout.js';

function InsertEdgeComponent(props: EdgeProps<VerdictEdge>) {
  const store = useStudioStore();
  const editable = useEditable();
  const { data, source, target, sourceX, sourceY, targetX, targetY } = props;
  const box = data?.labelBox;
  // Beside a branch's label, else in the middle of the route.
  const at = box ? { x: box.x + box.width + 12, y: box.y + box.height / 2 } : (midpoint(data && data.points.length >= 2 ? data.points : [{ x: sourceX, y: sourceY }, { x: targetX, y: targetY }]) ?? { x: sourceX, y: sourceY });
  const arm = data?.arm;
  const where = arm === undefined ? `between ${source} and ${target}` : `on ${source}'s ${arm === 'else' ? 'else' : `condition ${arm + 1}`} to ${target}`;
  return (
    <>
      <RoutedEdge {...props} />
      {editable && (
        <EdgeLabelRenderer>
          <button
            type="button"
            className={`edge-insert nodrag nopan${data?.active ? ' is-active' : ''}`}
            style={{ transform: `translate(-50%, -50%) translate(${at.x}px, ${at.y}px)` }}
            aria-label={`Insert a node ${where}`}
            title={`Insert a node ${where}`}
            data-testid={`edge-insert-${props.id}`}
            onClick={(e) => {
              e.stopPropagation();
              store.getState().openVisualDialog({ kind: 'insert', from: source, to: target, ...(arm === undefined ? {} : { arm }) });
            }}
          >
            +
          </button>
        </EdgeLabelRenderer>
      )}
    </>
  );
}

export const InsertEdge = memo(InsertEdgeComponent);
export const visualEdgeTypes = { routed: InsertEdge };
