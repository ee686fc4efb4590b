/**
 * Every entity of the board document, declared once. Types (model.ts), command
 * inputs (inputs.ts), the board file (transfer.ts), the reader (read/), stored
 * keys (schema.ts), state diffs (diff.ts) and new entities' defaults are all
 * derived from these declarations; to add a field, add it here.
 */
import { personas, principles } from './board.js';
import { cards, edges } from './cards.js';
import type { EntityCollection } from './collections.js';
import type { EntityDeclaration } from './fields.js';
import { metrics, opportunities, reasons } from './planning.js';
import { journeys, lanes, stages, states } from './structure.js';
import { comments, voteSessions } from './workshop.js';

/** Each collection's declaration; the document holds one Y.Map per collection, keyed by entity id. */
export const ENTITIES = {
  principles,
  personas,
  journeys,
  states,
  stages,
  lanes,
  cards,
  edges,
  opportunities,
  metrics,
  reasons,
  comments,
  voteSessions,
} as const satisfies Record<EntityCollection, EntityDeclaration>;

export type Entities = typeof ENTITIES;
export { frequency, friction } from './cards.js';
export * from './collections.js';
export * from './fields.js';
export * from './schemas.js';
export * from './vocabulary.js';
export { COMMENT_TARGET_COLLECTIONS } from './workshop.js';
