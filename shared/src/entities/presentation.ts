/** What a presenter keeps per slide of the deck (#15): whether it is hidden, and notes for the presenter. */
import { entity, flag, notes } from './fields.js';
import { LIMITS } from './vocabulary.js';

/**
 * Keyed by the slide's key (the deck's `Slide.key`: kind, state and page), which is
 * the entity's id, so two people setting the same slide write one entity.
 */
export const slides = entity('slide', 'editor', {
  hidden: flag(),
  /** Typed together, as card notes are. */
  notes: notes(LIMITS.longText),
});

export const presentationEntities = { slides };
