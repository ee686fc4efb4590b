/**
 * The board itself: title, vision, objective, principles and personas. Creating a
 * board lays a template in through these commands, so createBoard lives with the
 * templates (templates/create-board.ts), which import the commands, not the reverse.
 */
import type * as Y from 'yjs';
import { stringField } from '../fields.js';
import { collection, entities, metaMap, patchEntity, putEntity, replaceText, visionText } from '../schema.js';
import { defineCommand, idForNew, orderAmong, patchCommand, removeCommand } from './context.js';

/** True once a board has been created in (or synced into) this document. */
export function hasBoard(doc: Y.Doc): boolean {
  return typeof metaMap(doc).get('schemaVersion') === 'number';
}

export const setTitle = defineCommand('setTitle', (doc, { title }) => patchEntity(metaMap(doc), { title }));

export const setObjective = defineCommand('setObjective', (doc, { objective }) =>
  patchEntity(metaMap(doc), { objective }),
);

/** Replaces the vision text by a minimal edit (editors bind the shared text directly for co-typing). */
export const setVision = defineCommand('setVision', (doc, { vision }) =>
  replaceText(visionText(doc), vision),
);

export const addPrinciple = defineCommand('addPrinciple', (doc, principle): string => {
  const id = idForNew(doc, 'principles', principle.id, 'addPrinciple');
  putEntity(doc, 'principles', id, { text: principle.text, order: orderAmong(doc, 'principles') });
  return id;
});

export const updatePrinciple = patchCommand('updatePrinciple', 'principles');

export const removePrinciple = removeCommand('removePrinciple', 'principles');

// ---- personas (customer segments) ------------------------------------------

export const addPersona = defineCommand('addPersona', (doc, persona): string => {
  const id = idForNew(doc, 'personas', persona.id, 'addPersona');
  const { id: _, ...fields } = persona;
  putEntity(doc, 'personas', id, { ...fields, order: orderAmong(doc, 'personas') });
  return id;
});

export const updatePersona = patchCommand('updatePersona', 'personas');

/** Removes a persona; cards and journeys that named it as their segment no longer do. */
export const removePersona = removeCommand('removePersona', 'personas', (doc, id) => {
  collection(doc, 'personas').delete(id);
  for (const [, card] of entities(doc, 'cards')) {
    if (stringField(card, 'segmentId') === id) card.set('segmentId', null);
  }
  for (const [, journey] of entities(doc, 'journeys')) {
    if (stringField(journey, 'personaId') === id) journey.set('personaId', null);
  }
});
