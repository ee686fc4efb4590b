/**
 * The deck as a PowerPoint file: every box, text and line of the deck model becomes
 * a native, editable shape (never a picture), so a team can rework the slides.
 */
import type { BoardSnapshot } from '@journeyboard/shared';
import {
  type BoxShape,
  buildDeck,
  type Deck,
  type DeckOptions,
  type LineShape,
} from '@journeyboard/shared/story';
import pptxgenjs from 'pptxgenjs';
import { deflateZip } from './deflate-zip.js';
import { nextTurn } from './turns.js';

/**
 * pptxgenjs ships CommonJS-style typings for an ES build: TypeScript sees the class
 * under `default`, while Node's ESM import hands over the class itself. Accept both.
 */
const PptxGenJS = ((pptxgenjs as unknown as { default?: unknown }).default ??
  pptxgenjs) as typeof pptxgenjs.default;
type Presentation = InstanceType<typeof PptxGenJS>;

/** Arial everywhere: the deck's text was measured with its metrics, and every Office has it. */
const FONT_FACE = 'Arial';

const DASH: Record<LineShape['dash'], 'solid' | 'dash' | 'sysDot'> = {
  solid: 'solid',
  dash: 'dash',
  dot: 'sysDot',
};

type PptxSlide = ReturnType<Presentation['addSlide']>;

const SLIDES_PER_TURN = 4;

export interface PptxOptions extends DeckOptions {
  /**
   * DEFLATE the file's parts (the default): a 2,000-card deck shrinks from 9 MB to
   * under 0.5 MB (docs/benchmarks.md has the time it costs). Off only to measure
   * beside the stored file.
   */
  compression?: boolean;
}

export async function renderPptx(board: BoardSnapshot, options: PptxOptions = {}): Promise<Buffer> {
  return renderDeckPptx(buildDeck(board, options), options);
}

export async function renderDeckPptx(deck: Deck, { compression = true }: PptxOptions = {}): Promise<Buffer> {
  const pptx = new PptxGenJS();
  pptx.layout = 'LAYOUT_WIDE';
  pptx.title = deck.title;
  pptx.company = 'Journeyboard';
  for (const [index, model] of deck.slides.entries()) {
    // Exports run in the server that holds live rooms: letting the event loop turn
    // between slides keeps sync flowing while a big deck is made.
    if (index % SLIDES_PER_TURN === 0) await nextTurn();
    const slide = pptx.addSlide();
    slide.background = { color: deck.background };
    // pptxgenjs looks names up to keep them unique; giving each its own keeps adding linear.
    const prefix = `s${index + 1}-`;
    for (const shape of model.shapes) {
      if (shape.type === 'line') addLine(slide, shape, prefix + shape.name);
      else addBox(pptx, slide, shape, prefix + shape.name);
    }
    if (model.notes) slide.addNotes(model.notes);
  }
  // Written stored, then deflated natively (deflate-zip.ts says why not pptxgenjs's own).
  const stored = (await pptx.write({ outputType: 'nodebuffer' })) as Buffer;
  return compression ? deflateZip(stored) : stored;
}

function addBox(pptx: Presentation, slide: PptxSlide, box: BoxShape, objectName: string): void {
  const shape =
    box.geometry === 'ellipse'
      ? pptx.ShapeType.ellipse
      : box.geometry === 'roundRect'
        ? pptx.ShapeType.roundRect
        : pptx.ShapeType.rect;
  const geometry = {
    x: box.x,
    y: box.y,
    w: box.w,
    h: box.h,
    objectName,
    fill: box.fill ? { color: box.fill } : { type: 'none' as const },
    line: box.outline
      ? { color: box.outline.color, width: box.outline.width, dashType: DASH[box.outline.dash ?? 'solid'] }
      : { type: 'none' as const },
    ...(box.geometry === 'roundRect' ? { rectRadius: Math.min(0.08, box.w / 4, box.h / 4) } : {}),
  };
  if (box.runs.length === 0) {
    slide.addShape(shape, geometry);
    return;
  }
  // A run that starts a paragraph ends the one before it (pptxgenjs marks the end, not the start).
  // Runs get a name too: without one pptxgenjs numbers each by counting the slide's texts.
  const runs = box.runs.map((run, i) => ({
    text: run.text,
    options: {
      objectName,
      fontSize: run.size,
      color: run.color,
      bold: run.bold ?? false,
      italic: run.italic ?? false,
      breakLine: box.runs[i + 1]?.paragraph === true,
    },
  }));
  slide.addText(runs, {
    ...geometry,
    shape,
    fontFace: FONT_FACE,
    align: box.align,
    valign: box.valign,
    margin: box.padding * 72,
    wrap: true,
    lineSpacingMultiple: 1,
    paraSpaceBefore: 0,
    paraSpaceAfter: 0,
  });
}

/** pptxgenjs has no connectors: a line is a box's diagonal, flipped to point the right way. */
function addLine(slide: PptxSlide, line: LineShape, objectName: string): void {
  const dx = line.x2 - line.x1;
  const dy = line.y2 - line.y1;
  slide.addShape('line', {
    x: Math.min(line.x1, line.x2),
    y: Math.min(line.y1, line.y2),
    w: Math.abs(dx),
    h: Math.abs(dy),
    flipV: dx * dy < 0,
    objectName,
    line: {
      color: line.color,
      width: line.width,
      dashType: DASH[line.dash],
      // The drawn diagonal begins at its left end (its top one when upright): the arrow goes where (x2, y2) lies.
      ...(line.arrow
        ? { [(dx !== 0 ? dx > 0 : dy > 0) ? 'endArrowType' : 'beginArrowType']: 'triangle' }
        : {}),
    },
  });
}
