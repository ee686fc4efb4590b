/**
 * Drawing onto one slide: boxes, texts and lines, each named after its role and
 * numbered, so every shape has a name of its own (pptx.ts hands it to pptxgenjs as
 * the objectName, which keeps adding shapes linear) and tests can find shapes by role.
 */
import { TYPE } from './frame.js';
import type { BoxShape, LineShape, SlideKind, SlideShape, TextRun } from './model.js';
import { COLOUR } from './palette.js';

export interface BoxStyle {
  geometry?: BoxShape['geometry'];
  fill?: string | null;
  outline?: BoxShape['outline'];
  align?: BoxShape['align'];
  valign?: BoxShape['valign'];
  padding?: number;
}

/** Where a shape goes, inches. */
export interface Frame {
  x: number;
  y: number;
  w: number;
  h: number;
}

export class SlideCanvas {
  readonly shapes: SlideShape[] = [];
  /** The title bar's section label and note (DeckBuilder.slide), for the slide list. */
  section = '';
  note = '';
  private count = 0;

  constructor(
    readonly kind: SlideKind,
    readonly title: string,
  ) {}

  private nameFor(role: string): string {
    this.count += 1;
    return `${role}-${this.count}`;
  }

  box(role: string, x: number, y: number, w: number, h: number, runs: TextRun[], style: BoxStyle = {}): void {
    this.shapes.push({
      type: 'box',
      name: this.nameFor(role),
      x,
      y,
      w,
      h,
      geometry: style.geometry ?? 'rect',
      fill: style.fill ?? null,
      outline: style.outline ?? null,
      runs: runs.filter((r) => r.text !== ''),
      align: style.align ?? 'left',
      valign: style.valign ?? 'top',
      padding: style.padding ?? 0,
    });
  }

  /** A plain text box (no fill, no outline unless the style gives one). */
  text(
    role: string,
    x: number,
    y: number,
    w: number,
    h: number,
    runs: TextRun[],
    style: BoxStyle = {},
  ): void {
    this.box(role, x, y, w, h, runs, style);
  }

  /** A filled shape without text, at a frame of named measures. */
  fill(role: string, at: Frame, fill: string): void {
    this.box(role, at.x, at.y, at.w, at.h, [], { fill });
  }

  line(
    role: string,
    x1: number,
    y1: number,
    x2: number,
    y2: number,
    color: string,
    width: number,
    dash: LineShape['dash'] = 'solid',
    arrow = false,
  ): void {
    this.shapes.push({
      type: 'line',
      name: this.nameFor(role),
      x1,
      y1,
      x2,
      y2,
      color,
      width,
      dash,
      ...(arrow ? { arrow } : {}),
    });
  }

  /** A round badge holding a short bold text in the inverse ink: a number, a person's initials. */
  badge(
    role: string,
    x: number,
    y: number,
    size: number,
    text: string,
    textSize: number,
    fill: string,
    outline: BoxShape['outline'] = null,
  ): void {
    this.box(role, x, y, size, size, [strong(text, textSize, COLOUR.inkInverse)], {
      geometry: 'ellipse',
      fill,
      outline,
      align: 'center',
      valign: 'middle',
    });
  }

  /** A small-capitals label over a group: "OBJECTIVE", "TOP FRICTION POINT". */
  label(role: string, x: number, y: number, w: number, h: number, text: string): void {
    this.text(role, x, y, w, h, [run(text.toUpperCase(), TYPE.section, COLOUR.accent, { bold: true })]);
  }
}

export const run = (
  text: string,
  size: number,
  color: string = COLOUR.ink,
  extra: Partial<TextRun> = {},
): TextRun => ({
  text,
  size,
  color,
  ...extra,
});

/** A bold run. */
export const strong = (
  text: string,
  size: number,
  color: string = COLOUR.ink,
  extra: Partial<TextRun> = {},
) => run(text, size, color, { bold: true, ...extra });
