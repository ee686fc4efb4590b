/**
 * Lines in the picture export: routed by the canvas's own router (shared/src/edge-routes.ts),
 * elbows and not curves, an arrowhead on each, labels on pills clear of the cards.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createBoard, EDGE_LINE, edgeGeometry, GRID, layoutState, readBoard } from '@journeyboard/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { renderPng } from '../src/export/png.js';
import { renderSvg } from '../src/export/svg.js';

const ARTIFACTS = fileURLToPath(new URL('../../test/.artifacts/', import.meta.url));

function workedExample() {
  const doc = new Y.Doc();
  createBoard(doc, { title: 'Online order', template: 'online-order' });
  const board = readBoard(doc);
  const stateId = board.states.find((s) => s.kind === 'current')!.id;
  return { board, stateId };
}

describe('edges in the picture export', () => {
  it('follow the shared routes, with an arrowhead each and labels clear of every card', async () => {
    const { board, stateId } = workedExample();
    const svg = renderSvg(board, { stateId });
    const routed = edgeGeometry(layoutState(board, stateId), board.edges);
    const paths = new Map(
      [...svg.matchAll(/<path data-edge-id="([^"]+)" d="([^"]+)"/g)].map((m) => [m[1], m[2]]),
    );
    expect(paths.size).toBe(routed.length);
    for (const { edge, path } of routed) {
      expect(paths.get(edge.id)).toBe(path);
      // Elbows as on the canvas: straight runs and rounded corners, no Bézier curves.
      expect(path).not.toMatch(/C/);
    }
    const arrows = [...svg.matchAll(/<polygon points="([^"]+)"/g)];
    expect(arrows).toHaveLength(routed.length);
    const lineWidths = [
      ...svg.matchAll(/data-edge-id="[^"]+" d="[^"]+" fill="none" stroke-width="([^"]+)"/g),
    ];
    expect(lineWidths.map((m) => Number(m[1]))).toEqual(routed.map(() => EDGE_LINE.width));

    const labelled = routed.filter((g) => g.label);
    expect(labelled.length).toBeGreaterThan(3);
    const layout = layoutState(board, stateId);
    for (const { label } of labelled) {
      const { x, y, width, height, text } = label!;
      expect(svg).toContain(`>${text.replace(/"/g, '&#34;')}</text>`);
      const clear = layout.cards.every(
        (p) =>
          x + width / 2 <= p.x ||
          x - width / 2 >= p.x + GRID.cardWidth ||
          y + height / 2 <= p.y ||
          y - height / 2 >= p.y + GRID.cardHeight,
      );
      expect(clear).toBe(true);
    }

    // For a person to look at beside the canvas's screenshot (test/.artifacts).
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(`${ARTIFACTS}export-edges.png`, await renderPng(board, { stateId }));
  }, 20_000);

  it('draws only the lines between selected cards in a picture of a selection', () => {
    const { board, stateId } = workedExample();
    const edge = board.edges.find((e) => e.stateId === stateId && e.label)!;
    const svg = renderSvg(board, { stateId, cardIds: [edge.from, edge.to] });
    expect([...svg.matchAll(/data-edge-id="([^"]+)"/g)].map((m) => m[1])).toEqual([edge.id]);
  });
});
