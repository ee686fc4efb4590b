/**
 * The story a workshop takes to leadership, as a slide deck built from the board (see
 * model.ts for what a deck is; the server's PPTX and PDF and the app's presentation
 * draw it). Each slide kind is a module in
 * slides/; this file puts them in workshop order: each journey state has a one-slide
 * overview before its paged map.
 *
 * Layout rules that hold on every slide:
 * - text is never smaller than MIN_FONT_SIZE: big boards are paged (stages across
 *   slides, lanes and crowded cells down further slides), never shrunk;
 * - a text that does not fit its box is cut at a fixed length with an ellipsis, and
 *   its full wording is listed on the "Full texts" appendix, so nothing is lost;
 * - sizes are worked out here with Helvetica/Arial metrics (text.ts), so the
 *   renderers only place what they are given;
 * - colours are the app's, from the design tokens (palette.ts).
 */
import { diffFriction, rankFriction } from '../friction.js';
import type { BoardSnapshot } from '../model.js';
import { DeckBuilder } from './builder.js';
import type { Deck, DeckOptions } from './model.js';
import { addComparisonSlides } from './slides/comparison.js';
import { addContactReasonsSlide } from './slides/contact-reasons.js';
import { addFrictionChangeSlides } from './slides/friction-changes.js';
import { addFrictionHeatMapSlides } from './slides/friction-heat-map.js';
import { addFrictionRankingSlides } from './slides/friction-ranking.js';
import { addFullTextSlides } from './slides/full-texts.js';
import { addJourneyMapSlides } from './slides/journey-map.js';
import { addJourneyOverviewSlide } from './slides/journey-overview.js';
import { addOpportunityMatrixSlides } from './slides/opportunity-matrix.js';
import { addPersonaSlides } from './slides/personas.js';
import { addRoadmapSlides } from './slides/roadmap.js';
import { addTitleSlide } from './slides/title.js';
import { addVisionSlides } from './slides/vision.js';

export { type CardChip, chipsOf } from './chips.js';
export { boxLines, type PlacedLine, type PlacedRun } from './lines.js';
export * from './model.js';
export {
  CONTACT_REASON_BARS,
  contactReasonsHeadline,
} from './slides/contact-reasons.js';
export { TOP_FRICTION_MAX, TOP_FRICTION_ROWS } from './slides/friction-ranking.js';
export { OVERVIEW_DETAIL_NOTE } from './slides/journey-overview.js';
export { CARD_TEXT_MAX } from './slides/map-grid.js';
export { PERSONAS_PER_SLIDE } from './slides/personas.js';
export { ellipsize, LINE_SPACING } from './text.js';

/** The deck for a board: every section that has something to show, in workshop order. */
export function buildDeck(board: BoardSnapshot, options: DeckOptions = {}): Deck {
  const deck = new DeckBuilder(board, options);
  addTitleSlide(deck);
  addVisionSlides(deck);
  addPersonaSlides(deck);
  const states = deck.orderedStates();
  for (const state of states) {
    deck.within(state.id, () => {
      addJourneyOverviewSlide(deck, state);
      addJourneyMapSlides(deck, state);
    });
  }
  for (const state of states) {
    if (state.kind !== 'current') continue;
    const ranked = rankFriction(board, state.id);
    if (ranked.items.length === 0) continue;
    deck.within(state.id, () => {
      addFrictionHeatMapSlides(deck, state, ranked);
      addFrictionRankingSlides(deck, state, ranked);
    });
  }
  // What the contact data says follows the friction it explains; the reasons are board-wide.
  addContactReasonsSlide(deck);
  for (const future of states) {
    const from =
      future.kind === 'future' && future.derivedFrom ? deck.stateById.get(future.derivedFrom) : undefined;
    if (!from) continue;
    const friction = diffFriction(board, from.id, future.id);
    // A comparison belongs to the future state it leads to.
    deck.within(future.id, () => {
      addComparisonSlides(deck, from, future, friction);
      addFrictionChangeSlides(deck, from, future, friction);
    });
  }
  if (board.opportunities.length > 0) {
    addOpportunityMatrixSlides(deck);
    addRoadmapSlides(deck);
  }
  addFullTextSlides(deck);
  return deck.finish();
}
