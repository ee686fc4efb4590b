/** The entity collections of a board document, in the order a board file lists them. */
export const ENTITY_COLLECTIONS = [
  'principles',
  'personas',
  'journeys',
  'states',
  'stages',
  'lanes',
  'cards',
  'edges',
  'opportunities',
  'metrics',
  'reasons',
  'comments',
  'voteSessions',
  'slides',
  'sources',
  'volumes',
  'readings',
] as const;
export type EntityCollection = (typeof ENTITY_COLLECTIONS)[number];
