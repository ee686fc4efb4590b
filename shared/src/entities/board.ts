/** The board's frame: its principles and the personas (segments) its journeys are for. */
import { choice, entity, order, text, title } from './fields.js';
import { LIMITS, PERSONA_PRIORITIES, VALUE_TIERS } from './vocabulary.js';

export const principles = entity('principle', 'editor', {
  text: text({ max: LIMITS.title, nonEmpty: true, trim: true }),
  order: order(),
});

export const personas = entity('persona', 'editor', {
  name: title('Unnamed persona', { max: LIMITS.title }),
  description: text({ max: LIMITS.longText, default: '' }),
  valueTier: choice(VALUE_TIERS, { default: 'medium' }),
  priority: choice(PERSONA_PRIORITIES, { default: 'standard' }),
  order: order(),
});

export const boardEntities = { principles, personas };
