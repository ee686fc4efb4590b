/**
 * The journey map: stages across (each header with its stage's metrics and targets,
 * as the canvas shows them), lanes down, every card stacked in its cell. A map
 * with more stages than fit is paged across slides; a lane whose cells are too tall
 * is cut into pieces, and the pieces packed down further slides, so no text shrinks.
 */
import { formatMetric } from '../../metrics.js';
import type { Card, JourneyState, Lane, Stage } from '../../model.js';
import type { DeckBuilder } from '../builder.js';
import { balancedPages } from '../frame.js';
import { type LanePiece, MapGrid } from './map-grid.js';

/** At most this many stages share a journey-map slide; more stages continue on the next slide. */
export const MAX_STAGES_PER_MAP_SLIDE = 6;

/** Cards by `stageId|laneId`, in board order. */
function cellsOf(cards: readonly Card[], state: JourneyState): Map<string, Card[]> {
  const cells = new Map<string, Card[]>();
  for (const card of cards) {
    if (card.stateId !== state.id) continue;
    const key = `${card.stageId}|${card.laneId}`;
    const cell = cells.get(key);
    if (cell) cell.push(card);
    else cells.set(key, [card]);
  }
  return cells;
}

/** Packs the lane pieces top to bottom, starting a new slide when the next one does not fit. */
function packPieces(pieces: readonly LanePiece[], room: number): LanePiece[][] {
  const slides: LanePiece[][] = [[]];
  let used = 0;
  for (const piece of pieces) {
    const current = slides[slides.length - 1] ?? [];
    if (current.length > 0 && used + piece.height > room + 1e-9) {
      slides.push([piece]);
      used = piece.height;
    } else {
      current.push(piece);
      used += piece.height;
    }
  }
  return slides;
}

export function addJourneyMapSlides(deck: DeckBuilder, state: JourneyState): void {
  const { stages, lanes } = deck.gridOf(state);
  if (stages.length === 0 || lanes.length === 0) return;
  const cells = cellsOf(deck.board.cards, state);
  const stagePages = balancedPages(stages.length, MAX_STAGES_PER_MAP_SLIDE);
  const stageIds = new Set(stages.map((s) => s.id));
  const metrics = new Map<string, string>();
  for (const metric of deck.board.metrics) {
    if (!stageIds.has(metric.stageId)) continue;
    const shown = metrics.get(metric.stageId);
    metrics.set(metric.stageId, shown ? `${shown} · ${formatMetric(metric)}` : formatMetric(metric));
  }
  const grid = new MapGrid(Math.max(...stagePages.map((p) => p.to - p.from)), deck.fullTexts, metrics);
  const edges = deck.board.edges.filter((edge) => edge.stateId === state.id);
  for (const page of stagePages) {
    const pageStages: Stage[] = stages.slice(page.from, page.to);
    const pieces = lanes.flatMap((lane: Lane) => grid.lanePieces(lane, pageStages, cells, state));
    const slidesOfPage = packPieces(pieces, grid.lanesHeight);
    const stageNote =
      stages.length > pageStages.length
        ? `Stages ${page.from + 1}–${page.to} of ${stages.length}`
        : `${stages.length} stage${stages.length === 1 ? '' : 's'}`;
    slidesOfPage.forEach((pieceGroup, part) => {
      const partNote = slidesOfPage.length > 1 ? ` · part ${part + 1} of ${slidesOfPage.length}` : '';
      const slide = deck.slide(
        'journey-map',
        `Journey map · ${deck.stateLabel(state)}`,
        deck.journeyTitle(state),
        stageNote + partNote,
      );
      deck.recordMapCards(slide, state.id, grid.draw(slide, pageStages, pieceGroup, edges));
    });
  }
}
