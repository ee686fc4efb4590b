/** Who we serve: a card per persona, with its value tier, priority and the friction its segment feels. */
import { rankFriction } from '../../friction.js';
import type { BoardSnapshot, PersonaPriority } from '../../model.js';
import type { DeckBuilder } from '../builder.js';
import { run, strong } from '../canvas.js';
import { CONTENT_HEIGHT, chunk, columnWidth, PAGE, pageRange, STROKE, TYPE } from '../frame.js';
import { COLOUR } from '../palette.js';
import { capitalised, counted, ellipsize, formatScore, lineHeight, textHeight, textWidth } from '../text.js';

export const PERSONAS_PER_SLIDE = 6;

const PRIORITY_LABELS: Record<PersonaPriority, string> = {
  standard: 'Standard',
  priority: 'Priority',
  special: 'Special treatment',
};

const CARD = {
  columns: 3,
  gap: 0.25,
  inset: 0.2,
  minH: 2.5,
  /** Everything on the card but its description. */
  chrome: 2,
  descriptionMax: 400,
  nameMax: 60,
  avatar: 0.55,
  nameX: 0.9,
  nameY: 0.18,
  nameRight: 0.15,
  nameH: 0.6,
  chipY: 0.9,
  chipH: 0.24,
  chipPadding: 0.2,
  chipGap: 0.1,
  descriptionY: 1.25,
  descriptionBottom: 1.8,
  /** The description is cut to what its box holds, with room to spare for long words. */
  descriptionFill: 0.8,
  frictionH: 0.34,
  ruleFromBottom: 0.45,
  frictionFromBottom: 0.42,
} as const;

/** Per segment, how many current-state friction points hit it and their total score. */
function frictionBySegment(board: BoardSnapshot): Map<string, { count: number; total: number }> {
  const felt = new Map<string, { count: number; total: number }>();
  for (const state of board.states) {
    if (state.kind !== 'current') continue;
    for (const item of rankFriction(board, state.id).items) {
      const id = item.card.friction.segmentId;
      if (!id) continue;
      const entry = felt.get(id) ?? { count: 0, total: 0 };
      entry.count += 1;
      entry.total += item.score.score;
      felt.set(id, entry);
    }
  }
  return felt;
}

function initialsOf(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((word) => word[0]?.toUpperCase() ?? '')
    .join('');
}

export function addPersonaSlides(deck: DeckBuilder): void {
  const personas = deck.board.personas;
  if (personas.length === 0) return;
  const pages = chunk(personas, PERSONAS_PER_SLIDE);
  // What each segment suffers: the business case starts with who feels the friction.
  const felt = frictionBySegment(deck.board);
  const { inset } = CARD;
  pages.forEach((group, page) => {
    const slide = deck.slide(
      'personas',
      'Who we serve',
      'Customer segments and personas',
      pages.length > 1 ? `${pageRange(page, PERSONAS_PER_SLIDE, group.length)} of ${personas.length}` : '',
    );
    const w = columnWidth(CARD.columns, CARD.gap);
    // Cards as tall as the longest description needs, at most half the page.
    const descriptionHeight = Math.max(
      ...group.map((p) =>
        textHeight(ellipsize(p.description, CARD.descriptionMax), w - 2 * inset, TYPE.body),
      ),
    );
    const h = Math.min((CONTENT_HEIGHT - CARD.gap) / 2, Math.max(CARD.minH, descriptionHeight + CARD.chrome));
    group.forEach((persona, i) => {
      const x = PAGE.marginX + (i % CARD.columns) * (w + CARD.gap);
      const y = PAGE.contentTop + Math.floor(i / CARD.columns) * (h + CARD.gap);
      const tier = `${capitalised(persona.valueTier)} value`;
      const priority = PRIORITY_LABELS[persona.priority];
      slide.box('persona', x, y, w, h, [], {
        geometry: 'roundRect',
        fill: COLOUR.surface,
        outline: { color: COLOUR.line, width: STROKE.outline },
      });
      const initials = initialsOf(persona.name) || '?';
      slide.badge('persona-avatar', x + inset, y + inset, CARD.avatar, initials, TYPE.heading, COLOUR.accent);
      slide.text(
        'persona-name',
        x + CARD.nameX,
        y + CARD.nameY,
        w - CARD.nameX - CARD.nameRight,
        CARD.nameH,
        [strong(deck.fullTexts.fit(persona.name, CARD.nameMax, 'Persona name'), TYPE.heading)],
        { valign: 'middle' },
      );
      const chipY = y + CARD.chipY;
      const tierWidth = textWidth(tier, TYPE.chip, true) + CARD.chipPadding;
      slide.box(
        'persona-tier',
        x + inset,
        chipY,
        tierWidth,
        CARD.chipH,
        [strong(tier, TYPE.chip, COLOUR.accent)],
        { geometry: 'roundRect', fill: COLOUR.accentTint, align: 'center', valign: 'middle' },
      );
      const priorityWidth = textWidth(priority, TYPE.chip, true) + CARD.chipPadding;
      const special = persona.priority !== 'standard';
      slide.box(
        'persona-priority',
        x + inset + CARD.chipGap + tierWidth,
        chipY,
        priorityWidth,
        CARD.chipH,
        [strong(priority, TYPE.chip, special ? COLOUR.purple : COLOUR.muted)],
        {
          geometry: 'roundRect',
          fill: special ? COLOUR.purpleTint : COLOUR.canvas,
          align: 'center',
          valign: 'middle',
        },
      );
      const descriptionWidth = w - 2 * inset;
      const descriptionHeight = h - CARD.descriptionBottom;
      const maxChars = Math.floor(
        (descriptionHeight / lineHeight(TYPE.body)) *
          (descriptionWidth / textWidth('n', TYPE.body)) *
          CARD.descriptionFill,
      );
      const description = deck.fullTexts.fit(
        persona.description,
        Math.min(CARD.descriptionMax, maxChars),
        `Persona: ${persona.name}`,
      );
      slide.text(
        'persona-description',
        x + inset,
        y + CARD.descriptionY,
        descriptionWidth,
        descriptionHeight,
        [run(description, TYPE.body, COLOUR.muted)],
      );
      const pain = felt.get(persona.id);
      const ruleY = y + h - CARD.ruleFromBottom;
      slide.line('persona-rule', x + inset, ruleY, x + w - inset, ruleY, COLOUR.line, STROKE.hairline);
      slide.text(
        'persona-friction',
        x + inset,
        y + h - CARD.frictionFromBottom,
        w - 2 * inset,
        CARD.frictionH,
        [
          run('Friction felt in current states: ', TYPE.small, COLOUR.muted),
          strong(
            pain ? `${counted(pain.count, 'point')}, score ${formatScore(pain.total)}` : 'none recorded',
            TYPE.small,
            pain ? COLOUR.red : COLOUR.muted,
          ),
        ],
        { valign: 'middle' },
      );
    });
  });
}
