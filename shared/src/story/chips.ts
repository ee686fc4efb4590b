/**
 * A card's chips as the canvas shows them (client/src/canvas/CardNode.tsx): its
 * channel, feeling, severity and dot-vote priority; red for what hurts (a low
 * feeling, a severe friction), green for a high feeling, the rest neutral. The
 * slides and the SVG picture both draw cards with these.
 */
import { type Chip, EMOTION_COLOURS, FRICTION_COLOURS } from '../contract/tokens.js';
import type { Card } from '../model.js';
import { feelingLabel } from './text.js';

/** The canvas marks severity 4 and 5 as severe. */
const SEVERE_FROM = 4;

export interface CardChip {
  kind: 'channel' | 'emotion' | 'severity' | 'priority';
  label: string;
  /** Token colours ('#…'); null for a neutral chip. */
  colours: Chip | null;
}

export function chipsOf(card: Card): CardChip[] {
  const chips: CardChip[] = [];
  if (card.channel) chips.push({ kind: 'channel', label: card.channel, colours: null });
  if (card.emotion !== null) {
    const colours = card.emotion < 0 ? EMOTION_COLOURS.low : card.emotion > 0 ? EMOTION_COLOURS.high : null;
    chips.push({ kind: 'emotion', label: feelingLabel(card.emotion), colours });
  }
  const severity = card.friction.severity;
  if (severity !== null) {
    const colours = severity >= SEVERE_FROM ? FRICTION_COLOURS.severe : null;
    chips.push({ kind: 'severity', label: `S${severity}`, colours });
  }
  if (card.priority !== null) chips.push({ kind: 'priority', label: `#${card.priority}`, colours: null });
  return chips;
}
