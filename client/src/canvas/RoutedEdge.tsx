/**
 * A line between two cards, drawn along the route shared/src/edge-routes.ts gives
 * it, the route the picture export draws too: an elbow with rounded corners, an
 * arrowhead that stays visible however far out the view is zoomed, and its label
 * where the route found room clear of the cards.
 */
import { arrowPoints, type EdgeGeometry, edgeWidthAt } from '@journeyboard/shared';
import { BaseEdge, type Edge, EdgeLabelRenderer, type EdgeProps, useStore } from '@xyflow/react';
import { memo } from 'react';

export type RoutedEdgeData = { geometry: EdgeGeometry };
export type RoutedFlowEdge = Edge<RoutedEdgeData, 'routed'>;

function RoutedEdgeView({ data }: EdgeProps<RoutedFlowEdge>) {
  // Thicker when zoomed out, in quarter steps: zooming redraws the lines only now and then.
  const width = useStore((s) => edgeWidthAt(s.transform[2]));
  if (!data) return null;
  const { edge, points, path, label } = data.geometry;
  return (
    <>
      <BaseEdge path={path} style={{ strokeWidth: width }} />
      <polygon className="edge-arrow" points={arrowPoints(points, width)} />
      {label && (
        <EdgeLabelRenderer>
          <div
            className={`edge-label edge-label--${edge.kind}`}
            // A label cut short says the rest on hover.
            title={label.text.endsWith('…') ? edge.label : undefined}
            style={{
              width: label.width,
              height: label.height,
              transform: `translate(-50%, -50%) translate(${label.x}px, ${label.y}px)`,
            }}
          >
            {label.text}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
}

export const RoutedEdge = memo(RoutedEdgeView);
