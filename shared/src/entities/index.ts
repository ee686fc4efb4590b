/**
 * Every entity of the board document, declared once. Types (model.ts), command
 * inputs (inputs.ts), the board file (transfer.ts), the reader (read/), stored
 * keys (schema.ts), state diffs (diff.ts) and new entities' defaults are all
 * derived from these declarations. To add a field, declare it in its area's file
 * (board, structure, cards, planning, workshop, presentation, evidence).
 */
import { boardEntities } from './board.js';
import { cardEntities } from './cards.js';
import type { EntityCollection } from './collections.js';
import { evidenceEntities } from './evidence.js';
import type { EntityDeclaration } from './fields.js';
import { planningEntities } from './planning.js';
import { presentationEntities } from './presentation.js';
import { structureEntities } from './structure.js';
import { workshopEntities } from './workshop.js';

/** Each collection's declaration; the document holds one Y.Map per collection, keyed by entity id. */
export const ENTITIES = {
  ...boardEntities,
  ...structureEntities,
  ...cardEntities,
  ...planningEntities,
  ...workshopEntities,
  ...presentationEntities,
  ...evidenceEntities,
} as const satisfies Record<EntityCollection, EntityDeclaration>;

export type Entities = typeof ENTITIES;
export * from './collections.js';
export * from './fields.js';
export {
  ENTRIES,
  ENTRY_KEY_SEPARATOR,
  type Entries,
  type EntryDeclaration,
  type EntryOf,
  entry,
  entryKey,
  entryValue,
  SINGLETONS,
  type SingletonDeclaration,
  type SingletonOf,
  type Singletons,
  singleton,
} from './parts.js';
export * from './schemas.js';
export * from './vocabulary.js';
export { COMMENT_TARGET_COLLECTIONS } from './workshop.js';
