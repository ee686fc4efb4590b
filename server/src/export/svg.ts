/**
 * The board as an SVG picture, drawn from the board data (not a screenshot), so it
 * is complete however far the canvas is scrolled and fast on thousands of cards:
 * one state's grid with stage and lane headers, cards with their text, the flows
 * between them, the emotion curve and the service blueprint's lines. With
 * `cardIds`, only those cards and the part of the grid around them.
 */
import {
  arrowPoints,
  BLUEPRINT_LINE_STYLE,
  BLUEPRINT_LINES,
  type BoardSnapshot,
  CARD_SWATCHES,
  type Card,
  COLOURS,
  EDGE_LABEL,
  EDGE_LINE,
  EDGE_STYLES,
  EMOTION_CURVE,
  edgeGeometry,
  emotionCurve,
  formatMetric,
  GRID,
  type GridLayout,
  LANE_SWATCHES,
  layoutState,
  smoothPath,
} from '@journeyboard/shared';
import { chipsOf, ellipsize } from '@journeyboard/shared/story';
import { ExportError } from './errors.js';
import { embeddedFonts } from './font-subset.js';
import { familyAttribute, fontRuns, PICTURE_FONT_FAMILY, runWidth, startsRightToLeft } from './fonts.js';

const TITLE_HEIGHT = 56;
const CARD_FONT = 12;
const CARD_LINE = 15;
/** Average glyph width of the card font, as a share of its size: wraps text without measuring it. */
const GLYPH = 0.56;
/** CJK and emoji from this code point up: about twice as wide as that average. */
const FULL_WIDTH_FROM = 0x2e80;

export interface PictureOptions {
  /** The state to draw (default: the first current state). */
  stateId?: string;
  /** Draw only these cards (a selection), cropped to them. */
  cardIds?: readonly string[];
  /**
   * 'bars' draws each line of card text as a grey bar: for pictures scaled down so
   * far that the words could not be read anyway (see png.ts), where drawing tens of
   * thousands of glyphs would take seconds.
   */
  cardText?: 'words' | 'bars';
  /**
   * 'embedded' (the default) puts subsets of the Noto faces the text needs in the SVG
   * (font-subset.ts); 'named' only names them, for resvg, which loads the files itself.
   */
  fonts?: 'embedded' | 'named';
}

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

interface TextStyle {
  size: number;
  fill: string;
  bold?: boolean;
  anchor?: 'start' | 'end';
}

/**
 * One line of text at (x, y). A line that needs faces besides DejaVu Sans (fonts.ts) is
 * drawn as one <text> per run, each naming its face and placed after the width of the
 * runs before it: resvg 2.6 drops or boxes a whole line whose <tspan>s change font
 * around Arabic or emoji. A line that starts right to left has its runs laid from the right.
 */
function textAt(x: number, y: number, text: string, style: TextStyle): string {
  const weight = style.bold ? ' font-weight="bold"' : '';
  const attributes = `font-size="${style.size}"${weight} fill="${style.fill}"`;
  const runs = fontRuns(text);
  if (runs.length <= 1) {
    const anchor = style.anchor === 'end' ? ' text-anchor="end"' : '';
    return `<text x="${x}" y="${y}" ${attributes}${familyAttribute(runs[0]?.face ?? 'base')}${anchor}>${escapeXml(text)}</text>`;
  }
  const ordered = startsRightToLeft(runs) ? runs.reverse() : runs;
  const widths = ordered.map((run) => runWidth(run, style.size, style.bold));
  let left = style.anchor === 'end' ? x - widths.reduce((a, b) => a + b, 0) : x;
  return ordered
    .map((run, i) => {
      // A <text> drops the spaces it starts with: they become room before it.
      const words = run.text.trimStart();
      const lead = run.text.slice(0, run.text.length - words.length);
      const at = left + (lead ? runWidth({ face: run.face, text: lead }, style.size, style.bold) : 0);
      left += widths[i] ?? 0;
      return `<text x="${Math.round(at * 10) / 10}" y="${y}" ${attributes}${familyAttribute(run.face)}>${escapeXml(words)}</text>`;
    })
    .join('');
}

/** CJK characters and emoji: about twice as wide as the average. */
const WIDE = /[\u2e80-\uffff\u{10000}-\u{10ffff}]/u;

/** Width in average characters: a CJK character or an emoji counts two. */
export function columnsOf(text: string): number {
  if (!WIDE.test(text)) return text.length;
  let columns = 0;
  for (const char of text) columns += (char.codePointAt(0) ?? 0) >= FULL_WIDTH_FROM ? 2 : 1;
  return columns;
}

/** The longest start of `text` at most `width` columns wide, never cutting a character in two; at least one character. */
function headOf(text: string, width: number): string {
  if (!WIDE.test(text)) return text.slice(0, Math.max(1, width));
  let head = '';
  let columns = 0;
  for (const char of text) {
    columns += columnsOf(char);
    if (columns > width && head) break;
    head += char;
  }
  return head;
}

/** Splits text into at most `maxLines` lines of `width` columns, ending in an ellipsis when cut. */
export function wrapText(text: string, width: number, maxLines: number): string[] {
  const words = text.replace(/\s+/g, ' ').trim().split(' ');
  const lines: string[] = [];
  let line = '';
  let lineColumns = 0;
  for (const word of words) {
    for (let rest = word; rest.length > 0; ) {
      const restColumns = columnsOf(rest);
      const room = line ? width - lineColumns - 1 : width;
      if (restColumns <= room) {
        lineColumns = line ? lineColumns + 1 + restColumns : restColumns;
        line = line ? `${line} ${rest}` : rest;
        rest = '';
      } else if (line) {
        lines.push(line);
        line = '';
        lineColumns = 0;
      } else {
        const head = headOf(rest, width);
        lines.push(head);
        rest = rest.slice(head.length);
      }
      if (lines.length > maxLines) break;
    }
    if (lines.length > maxLines) break;
  }
  if (line) lines.push(line);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  const last = kept[maxLines - 1] as string;
  kept[maxLines - 1] = `${headOf(last, Math.max(1, width - 1)).trimEnd()}…`;
  return kept;
}

export function pictureState(board: BoardSnapshot, stateId?: string) {
  const state = stateId
    ? board.states.find((s) => s.id === stateId)
    : (board.states.find((s) => s.kind === 'current') ?? board.states[0]);
  if (!state)
    throw new ExportError(404, stateId ? `no state "${stateId}" on this board` : 'the board has no state');
  return state;
}

interface Picture {
  state: ReturnType<typeof pictureState>;
  layout: GridLayout;
  selected: Set<string> | null;
  placed: GridLayout['cards'];
  view: { x: number; y: number; width: number; height: number };
}

/** What a picture shows and its frame: the whole grid under a title band, or the selection's bounding box. */
function frame(board: BoardSnapshot, options: PictureOptions): Picture {
  const state = pictureState(board, options.stateId);
  const layout = layoutState(board, state.id);
  const selected = options.cardIds ? new Set(options.cardIds) : null;
  const placed = selected ? layout.cards.filter((p) => selected.has(p.card.id)) : layout.cards;
  if (selected && placed.length === 0) {
    throw new ExportError(400, 'none of the selected cards is in this state');
  }
  if (!selected) {
    return {
      state,
      layout,
      selected,
      placed,
      view: { x: 0, y: -TITLE_HEIGHT, width: layout.width, height: layout.height + TITLE_HEIGHT },
    };
  }
  const pad = 24;
  const xs = placed.map((p) => p.x);
  const ys = placed.map((p) => p.y);
  const x = Math.min(...xs) - pad;
  const y = Math.min(...ys) - pad;
  const view = {
    x,
    y,
    width: Math.max(...xs) + GRID.cardWidth + pad - x,
    height: Math.max(...ys) + GRID.cardHeight + pad - y,
  };
  return { state, layout, selected, placed, view };
}

/** The picture's size in board units (pixels at scale 1). */
export function pictureSize(
  board: BoardSnapshot,
  options: PictureOptions = {},
): { width: number; height: number } {
  const { view } = frame(board, options);
  return { width: Math.ceil(view.width), height: Math.ceil(view.height) };
}

export function renderSvg(board: BoardSnapshot, options: PictureOptions = {}): string {
  const { state, layout, selected, placed, view } = frame(board, options);
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${Math.ceil(view.width)}" height="${Math.ceil(view.height)}" viewBox="${view.x} ${view.y} ${view.width} ${view.height}" font-family="${escapeXml(PICTURE_FONT_FAMILY)}">`,
    `<title>${escapeXml(`${board.meta.title}: ${state.title}`)}</title>`,
    `<rect x="${view.x}" y="${view.y}" width="${view.width}" height="${view.height}" fill="${COLOURS.canvas}"/>`,
  );
  if (!selected) {
    out.push(
      textAt(16, -TITLE_HEIGHT + 34, board.meta.title, { size: 22, bold: true, fill: COLOURS.ink }),
      textAt(layout.width - 16, -TITLE_HEIGHT + 34, state.title, {
        size: 15,
        fill: COLOURS.muted,
        anchor: 'end',
      }),
    );
  }
  drawGrid(out, layout, board);
  drawBlueprintLines(out, layout);
  drawEdges(out, board, layout, selected);
  drawEmotionCurve(out, layout);
  for (const p of placed) drawCard(out, p.card, p.x, p.y, options.cardText ?? 'words');
  out.push('</svg>');
  const svg = out.join('\n');
  if (options.fonts === 'named') return svg;
  const style = embeddedFonts(svg);
  return style ? svg.replace('</title>', `</title>\n${style}`) : svg;
}

function drawGrid(out: string[], layout: GridLayout, board: BoardSnapshot): void {
  const metricsByStage = new Map<string, string[]>();
  for (const m of board.metrics) {
    metricsByStage.set(m.stageId, [...(metricsByStage.get(m.stageId) ?? []), formatMetric(m)]);
  }
  for (const row of layout.rows) {
    out.push(
      `<rect x="0" y="${row.y}" width="${layout.width}" height="${row.height}" fill="${COLOURS.laneBand}" stroke="${COLOURS.line}"/>`,
      `<rect x="0" y="${row.y}" width="${GRID.laneHeaderWidth}" height="${row.height}" fill="${COLOURS.laneHeader}" stroke="${COLOURS.line}"/>`,
    );
    wrapText(row.lane.title, 20, 3).forEach((line, i) => {
      out.push(
        textAt(14, row.y + 24 + i * 15, line, {
          size: 12,
          bold: true,
          fill: LANE_SWATCHES[row.lane.kind].ink,
        }),
      );
    });
  }
  for (const column of layout.columns) {
    out.push(
      `<line x1="${column.x}" y1="0" x2="${column.x}" y2="${layout.height}" stroke="${COLOURS.line}"/>`,
      `<rect x="${column.x}" y="0" width="${column.width}" height="${GRID.headerHeight}" fill="${COLOURS.stageHeader}" stroke="${COLOURS.line}"/>`,
    );
    wrapText(column.stage.title, 30, 1).forEach((line) => {
      out.push(textAt(column.x + 14, 28, line, { size: 14, bold: true, fill: COLOURS.ink }));
    });
    const metrics = metricsByStage.get(column.stage.id);
    if (metrics) {
      out.push(
        textAt(column.x + 14, 52, wrapText(metrics.join(' · '), 36, 1)[0] ?? '', {
          size: 11,
          fill: COLOURS.muted,
        }),
      );
    }
  }
}

function drawBlueprintLines(out: string[], layout: GridLayout): void {
  const style = BLUEPRINT_LINE_STYLE;
  for (const line of BLUEPRINT_LINES) {
    const row = layout.rows.find((r) => r.lane.kind === line.above);
    if (!row) continue;
    out.push(
      `<line x1="${GRID.laneHeaderWidth}" y1="${row.y}" x2="${layout.width}" y2="${row.y}" stroke="${line.colour}" stroke-width="${style.width}" stroke-dasharray="${style.dash}"/>`,
      `<text x="${GRID.laneHeaderWidth + 8}" y="${row.y - 5}" font-size="11" fill="${style.label}">${line.label}</text>`,
    );
  }
}

/** The lines between cards, routed as the canvas routes them (shared/src/edge-routes.ts), arrowheads and labels included. */
function drawEdges(
  out: string[],
  board: BoardSnapshot,
  layout: GridLayout,
  selected: Set<string> | null,
): void {
  const edges = selected
    ? board.edges.filter((edge) => selected.has(edge.from) && selected.has(edge.to))
    : board.edges;
  const routed = edgeGeometry(layout, edges);
  const width = EDGE_LINE.width;
  for (const { edge, points, path } of routed) {
    const { colour, dash } = EDGE_STYLES[edge.kind];
    out.push(
      `<path data-edge-id="${escapeXml(edge.id)}" d="${path}" fill="none" stroke-width="${width}" stroke="${colour}"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`,
      `<polygon points="${arrowPoints(points, width)}" fill="${colour}"/>`,
    );
  }
  // Labels over every line, so no line runs across another's label.
  for (const { label } of routed) {
    if (!label) continue;
    const { x, y, width: w, height: h, text } = label;
    out.push(
      `<rect x="${x - w / 2}" y="${y - h / 2}" width="${w}" height="${h}" rx="${h / 2}" fill="${COLOURS.surface}" stroke="${COLOURS.line}"/>`,
      `<text x="${x}" y="${y + EDGE_LABEL.fontSize * 0.35}" font-size="${EDGE_LABEL.fontSize}" fill="${COLOURS.ink}" text-anchor="middle">${escapeXml(text)}</text>`,
    );
  }
}

function drawEmotionCurve(out: string[], layout: GridLayout): void {
  const points = emotionCurve(layout);
  if (points.length > 1) {
    const d = smoothPath(points);
    // stroke-opacity, never group opacity: resvg 2.6 aborts the process on an opacity layer
    // that lies wholly outside the picture (a selection far from the curve).
    out.push(
      `<path d="${d}" fill="none" stroke="${EMOTION_CURVE.colour}" stroke-width="${EMOTION_CURVE.width}" stroke-opacity="${EMOTION_CURVE.opacity}"/>`,
    );
  }
  for (const p of points) {
    const fill = EMOTION_CURVE.point[p.value < 0 ? 'low' : p.value > 0 ? 'high' : 'flat'];
    out.push(`<circle cx="${p.x}" cy="${p.y}" r="5" fill="${fill}"/>`);
  }
}

/**
 * The most of a card's text its tooltip (<title>) repeats: enough to read a long
 * card, while 2,000-character cards cannot make every picture twice as big.
 */
export const TOOLTIP_MAX = 500;

/** How much a neutral chip darkens the card under it (the canvas mixes in 6% of the shadow colour). */
const NEUTRAL_CHIP_OPACITY = 0.06;
function drawCard(out: string[], card: Card, x: number, y: number, text: 'words' | 'bars'): void {
  const { fill, border: stroke } = CARD_SWATCHES[card.kind];
  const width = GRID.cardWidth;
  const height = GRID.cardHeight;
  out.push(
    `<g><title>${escapeXml(ellipsize(card.text, TOOLTIP_MAX))}</title>`,
    `<rect x="${x}" y="${y}" width="${width}" height="${height}" rx="10" fill="${fill}" stroke="${stroke}"/>`,
  );
  const chars = Math.floor((width - 24) / (CARD_FONT * GLYPH));
  const lines = card.text ? wrapText(card.text, chars, 3) : [];
  lines.forEach((line, i) => {
    out.push(
      text === 'words'
        ? textAt(x + 12, y + 22 + i * CARD_LINE, line, { size: CARD_FONT, fill: COLOURS.ink })
        : `<rect x="${x + 12}" y="${y + 13 + i * CARD_LINE}" width="${Math.round(columnsOf(line) * CARD_FONT * GLYPH)}" height="7" rx="3" fill="${COLOURS.disabled}"/>`,
    );
  });
  let chipX = x + 12;
  for (const chip of text === 'words' ? chipsOf(card) : []) {
    const chipWidth = columnsOf(chip.label) * 10 * GLYPH + 12;
    // A neutral chip darkens the card's own colour, as on the canvas.
    const fill = chip.colours
      ? `fill="${chip.colours.fill}"`
      : `fill="${COLOURS.shadow}" fill-opacity="${NEUTRAL_CHIP_OPACITY}"`;
    out.push(
      `<rect x="${chipX}" y="${y + height - 22}" width="${chipWidth}" height="15" rx="7.5" ${fill}/>`,
      textAt(chipX + 6, y + height - 11, chip.label, { size: 10, fill: chip.colours?.ink ?? COLOURS.muted }),
    );
    chipX += chipWidth + 4;
  }
  out.push('</g>');
}
