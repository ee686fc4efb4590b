/** The presenter's settings per slide: hide it, write notes for it (#15). */
import { ENTITIES } from '../entities/index.js';
import { entity, newText, patchEntity, putEntity, replaceText, storedFields, textField } from '../schema.js';
import { defineCommand } from './context.js';

/**
 * Hides or shows a slide and sets its notes, under the slide's key; the first setting
 * of a slide makes its entity. Notes change by a minimal text edit, so co-typing survives.
 */
export const setSlide = defineCommand('setSlide', (doc, { key, hidden, notes }): void => {
  const existing = entity(doc, 'slides', key);
  if (!existing) {
    putEntity(
      doc,
      'slides',
      key,
      storedFields(ENTITIES.slides, { hidden: hidden ?? false, notes: notes ?? '' }),
    );
    return;
  }
  if (hidden !== undefined) patchEntity(existing, storedFields(ENTITIES.slides, { hidden }));
  if (notes !== undefined) {
    const text = textField(existing, 'notes');
    if (text) replaceText(text, notes);
    else existing.set('notes', newText(notes));
  }
});
