/** Vision and principles: what great looks like, then the experience principles as numbered cards. */
import type { DeckBuilder } from '../builder.js';
import { run, strong } from '../canvas.js';
import { CONTENT_WIDTH, chunk, columnWidth, PAGE, pageRange, STROKE, TYPE } from '../frame.js';
import { COLOUR } from '../palette.js';
import { lineHeight, textHeight } from '../text.js';

export const PRINCIPLES_PER_SLIDE = 8;

const VISION = {
  max: 420,
  maxH: 2.4,
  /** Room around the text inside the panel. */
  slack: 0.3,
  accentW: 0.08,
  textX: 0.3,
  textInsetTop: 0.12,
  textRight: 0.45,
  textBottom: 0.2,
  after: 0.3,
} as const;

const PRINCIPLE = {
  labelH: 0.3,
  labelAfter: 0.38,
  columns: 4,
  gap: 0.2,
  max: 200,
  minH: 1.4,
  /** Beside the text: its padding, and above it the number and heading. */
  paddingX: 0.15,
  chrome: 0.8,
  number: 0.34,
  textY: 0.58,
  textBottom: 0.1,
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
      const height = Math.min(VISION.maxH, textHeight(shown, CONTENT_WIDTH - 0.5, TYPE.lead) + VISION.slack);
      slide.box('vision-panel', PAGE.marginX, y, CONTENT_WIDTH, height, [], { fill: COLOUR.canvas });
      slide.box('vision-accent', PAGE.marginX, y, VISION.accentW, height, [], { fill: COLOUR.purple });
      slide.text(
        'vision-text',
        PAGE.marginX + VISION.textX,
        y + VISION.textInsetTop,
        CONTENT_WIDTH - VISION.textRight,
        height - VISION.textBottom,
        [run(shown, TYPE.lead)],
      );
      y += height + VISION.after;
    }
    if (group.length === 0) return;
    slide.label(
      'principles-label',
      PAGE.marginX,
      y,
      CONTENT_WIDTH,
      PRINCIPLE.labelH,
      'Experience principles',
    );
    y += PRINCIPLE.labelAfter;
    const columns = Math.min(PRINCIPLE.columns, group.length);
    const rows = Math.ceil(group.length / columns);
    const { gap, paddingX } = PRINCIPLE;
    const w = columnWidth(columns, gap);
    const needed = Math.max(
      ...group.map(
        (p) => textHeight(p.text, w - 2 * paddingX, TYPE.body) + lineHeight(TYPE.heading) + PRINCIPLE.chrome,
      ),
    );
    const h = Math.min(Math.max(PRINCIPLE.minH, needed), (PAGE.contentBottom - y - gap * (rows - 1)) / rows);
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
        PRINCIPLE.number,
        number,
        TYPE.body,
        COLOUR.purple,
      );
      slide.text(
        'principle-text',
        px + paddingX,
        py + PRINCIPLE.textY,
        w - 2 * paddingX,
        h - PRINCIPLE.textY - PRINCIPLE.textBottom,
        runs,
      );
    });
  });
}
