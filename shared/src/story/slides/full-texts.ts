/** The appendix: every text shown cut short anywhere in the deck, in full, with where it was shown. */
import type { DeckBuilder } from '../builder.js';
import { run, type SlideCanvas, strong } from '../canvas.js';
import { CONTENT_HEIGHT, CONTENT_RIGHT, CONTENT_WIDTH, PAGE, STROKE, TYPE } from '../frame.js';
import { COLOUR } from '../palette.js';
import { ellipsize, lineHeight, wrapLines } from '../text.js';

const APPENDIX = {
  whereWidth: 3.2,
  gap: 0.2,
  /** The wrap is narrower than the box by this much, so a renderer never wraps a line ours did not. */
  wrapSlack: 0.1,
  /** Room kept free on a slide, in lines. */
  spareLines: 1,
  topSlack: 0.1,
  /** A block is at least two lines tall, plus this room. */
  minLines: 2,
  blockSlack: 0.14,
  textY: 0.05,
  textSlack: 0.07,
  whereMax: 120,
} as const;

export function addFullTextSlides(deck: DeckBuilder): void {
  const entries = deck.fullTexts.entries;
  if (entries.length === 0) return;
  const a = APPENDIX;
  const textWidthIn = CONTENT_WIDTH - a.whereWidth - a.gap;
  const size = TYPE.card;
  const line = lineHeight(size);
  const maxLines = Math.floor((CONTENT_HEIGHT - a.topSlack) / line) - a.spareLines;
  // Each entry becomes one or more blocks of whole lines (a 20,000-character vision spans slides).
  const blocks: Array<{ where: string; text: string; height: number }> = [];
  for (const entry of entries) {
    const lines = wrapLines(entry.text, textWidthIn - a.wrapSlack, size);
    for (let i = 0; i < lines.length; i += maxLines) {
      const part = lines.slice(i, i + maxLines);
      blocks.push({
        where: i === 0 ? entry.where : `${entry.where} (continued)`,
        text: part.join('\n'),
        height: Math.max(line * a.minLines, part.length * line) + a.blockSlack,
      });
    }
  }
  // Blocks are laid out into pages first, so each slide's note can say which page of how many it is.
  const pages: Array<typeof blocks> = [];
  let y = 0;
  for (const block of blocks) {
    const page = pages.at(-1);
    if (!page || y + block.height > PAGE.contentBottom) {
      pages.push([block]);
      y = PAGE.contentTop;
    } else page.push(block);
    y += block.height;
  }
  pages.forEach((page, i) => {
    const slide: SlideCanvas = deck.slide(
      'full-texts',
      'Appendix',
      'Full texts of shortened items',
      pages.length > 1 ? `Page ${i + 1} of ${pages.length}` : '',
    );
    let top = PAGE.contentTop;
    for (const block of page) {
      slide.line('full-text-rule', PAGE.marginX, top, CONTENT_RIGHT, top, COLOUR.line, STROKE.hairline);
      const h = block.height - a.textSlack;
      slide.text('full-text-where', PAGE.marginX, top + a.textY, a.whereWidth, h, [
        strong(ellipsize(block.where, a.whereMax), TYPE.small, COLOUR.muted),
      ]);
      slide.text('full-text', PAGE.marginX + a.whereWidth + a.gap, top + a.textY, textWidthIn, h, [
        run(block.text, size),
      ]);
      top += block.height;
    }
  });
}
