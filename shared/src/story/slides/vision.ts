/** Vision and principles: what great looks like, then the experience principles as numbered cards. */
import type { DeckBuilder } from '../builder.js';
import { run, strong } from '../canvas.js';
import { CONTENT_WIDTH, chunk, columnWidth, PAGE, pageRange, STROKE, TYPE } from '../frame.js';
import { COLOUR } from '../palette.js';
import { lineHeight, textHeight } from '../text.js';

export const PRINCIPLES_PER_SLIDE = 8;

const VISION = {
  max: 420,
  /** The panel: at most `maxH` tall, `slack` taller than its text, `after` above what follows. */
  panel: { maxH: 2.4, slack: 0.3, after: 0.3, accentW: 0.08 },
  /** The text inside the panel; it wraps `wrapInset` narrower than the panel. */
  text: { x: 0.3, top: 0.12, right: 0.45, bottom: 0.2, wrapInset: 0.5 },
} as const;

const PRINCIPLE = {
  label: { h: 0.3, after: 0.38 },
  columns: 4,
  gap: 0.2,
  max: 200,
  /** A card: at least `minH` tall, `chrome` taller than its text, the text `padding` in from its sides. */
  card: { minH: 1.4, chrome: 0.8, padding: 0.15, number: 0.34, textY: 0.58, textBottom: 0.1 },
  /** "Easy: sort out ..." reads as a heading and its meaning when the colon comes this early. */
  headingMax: 40,
} as const;

export function addVisionSlides(deck: DeckBuilder): void {
  const { meta, principles } = deck.board;
  const vision = meta.vision.trim();
  if (!vision && principles.length === 0) return;
  const groups = principles.length > 0 ? chunk(principles, PRINCIPLES_PER_SLIDE) : [[]];
  groups.forEach((group, page) => {
    const note =
      groups.length > 1
        ? `Principles ${pageRange(page, PRINCIPLES_PER_SLIDE, group.length)} of ${principles.length}`
        : '';
    const slide = deck.slide('vision', 'Vision', 'What great looks like', note);
    let y = PAGE.contentTop;
    if (vision) {
      const shown = deck.fullTexts.fit(vision, VISION.max, 'Vision');
      const height = Math.min(
        VISION.panel.maxH,
        textHeight(shown, CONTENT_WIDTH - VISION.text.wrapInset, TYPE.lead) + VISION.panel.slack,
      );
      slide.box('vision-panel', PAGE.marginX, y, CONTENT_WIDTH, height, [], { fill: COLOUR.canvas });
      slide.box('vision-accent', PAGE.marginX, y, VISION.panel.accentW, height, [], { fill: COLOUR.purple });
      slide.text(
        'vision-text',
        PAGE.marginX + VISION.text.x,
        y + VISION.text.top,
        CONTENT_WIDTH - VISION.text.right,
        height - VISION.text.bottom,
        [run(shown, TYPE.lead)],
      );
      y += height + VISION.panel.after;
    }
    if (group.length === 0) return;
    slide.label(
      'principles-label',
      PAGE.marginX,
      y,
      CONTENT_WIDTH,
      PRINCIPLE.label.h,
      'Experience principles',
    );
    y += PRINCIPLE.label.after;
    const columns = Math.min(PRINCIPLE.columns, group.length);
    const rows = Math.ceil(group.length / columns);
    const { gap } = PRINCIPLE;
    const paddingX = PRINCIPLE.card.padding;
    const w = columnWidth(columns, gap);
    const needed = Math.max(
      ...group.map(
        (p) =>
          textHeight(p.text, w - 2 * paddingX, TYPE.body) + lineHeight(TYPE.heading) + PRINCIPLE.card.chrome,
      ),
    );
    const h = Math.min(
      Math.max(PRINCIPLE.card.minH, needed),
      (PAGE.contentBottom - y - gap * (rows - 1)) / rows,
    );
    group.forEach((principle, i) => {
      const px = PAGE.marginX + (i % columns) * (w + gap);
      const py = y + Math.floor(i / columns) * (h + gap);
      const text = deck.fullTexts.fit(principle.text, PRINCIPLE.max, 'Experience principle');
      const colon = text.indexOf(':');
      const runs =
        colon > 0 && colon < PRINCIPLE.headingMax
          ? [
              strong(text.slice(0, colon), TYPE.heading),
              run(text.slice(colon + 1).trim(), TYPE.body, COLOUR.muted, { paragraph: true }),
            ]
          : [run(text, TYPE.body)];
      slide.box('principle', px, py, w, h, [], {
        geometry: 'roundRect',
        fill: COLOUR.surface,
        outline: { color: COLOUR.line, width: STROKE.outline },
      });
      const number = String(page * PRINCIPLES_PER_SLIDE + i + 1);
      slide.badge(
        'principle-number',
        px + paddingX,
        py + paddingX,
        PRINCIPLE.card.number,
        number,
        TYPE.body,
        COLOUR.purple,
      );
      slide.text(
        'principle-text',
        px + paddingX,
        py + PRINCIPLE.card.textY,
        w - 2 * paddingX,
        h - PRINCIPLE.card.textY - PRINCIPLE.card.textBottom,
        runs,
      );
    });
  });
}
