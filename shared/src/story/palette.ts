/**
 * The deck's colours: the design tokens the app draws with (shared/src/contract/
 * tokens.ts), written as the deck model wants them (hex RGB without '#'), so a slide
 * shows a board in the app's colours: a note is yellow, the heat scale runs amber to
 * red. What the slides cannot draw as the app does (a translucent curve or heat cell)
 * is mixed here with what lies under it.
 */
import {
  BLUEPRINT_LINE_STYLE,
  CARD_SWATCHES,
  CHANGE_MARKS,
  type Chip,
  COLOURS,
  EDGE_STYLES,
  EMOTION_CURVE,
  FRICTION_COLOURS,
  HEAT_MAP_COLOURS,
  HORIZON_SWATCHES,
  type Hsla,
  heatHsla,
  LANE_SWATCHES,
  OPPORTUNITY_COLOURS,
  QUADRANT_SWATCHES,
  type Swatch,
} from '../contract/tokens.js';
import { EDGE_LINE } from '../edge-routes.js';

export type { Swatch } from '../contract/tokens.js';

/** The tokens' widths are CSS pixels; the deck's are points. */
const POINTS_PER_PX = 0.75;

/** A token ('#3b5bdb') as the deck writes it ('3B5BDB'). */
function hex(token: string): string {
  if (!/^#[0-9a-f]{6}$/i.test(token)) throw new Error(`not a hex colour token: ${token}`);
  return token.slice(1).toUpperCase();
}

function rgbOf(token: string): [number, number, number] {
  const value = Number.parseInt(hex(token), 16);
  return [(value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff];
}

function fromRgb(rgb: readonly number[]): string {
  return rgb
    .map((v) =>
      Math.round(Math.min(255, Math.max(0, v)))
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')
    .toUpperCase();
}

/** `colour` at `alpha` over `under`, as one opaque colour. */
function over(colour: readonly number[], alpha: number, under: string): string {
  const base = rgbOf(under);
  return fromRgb(base.map((b, i) => alpha * (colour[i] ?? b) + (1 - alpha) * b));
}

/** HSL to RGB (0..255), as CSS defines it. */
function rgbOfHsl({ hue, saturation, lightness }: Hsla): number[] {
  const s = saturation / 100;
  const l = lightness / 100;
  const k = (n: number) => (n + hue / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  return [0, 8, 4].map((n) => 255 * (l - a * Math.max(-1, Math.min(k(n) - 3, 9 - k(n), 1))));
}

function mapValues<K extends string, V, W>(record: Record<K, V>, f: (value: V) => W): Record<K, W> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, f(value as V)])) as Record<
    K,
    W
  >;
}

const swatch = (s: Swatch): Swatch => ({ fill: hex(s.fill), border: hex(s.border), ink: hex(s.ink) });

export const COLOUR = mapValues(COLOURS, hex);
export const LANE = mapValues(LANE_SWATCHES, swatch);
/** A card's colours follow its kind, as on the canvas: a note is yellow. */
export const CARD = mapValues(CARD_SWATCHES, swatch);
export const QUADRANT = mapValues(QUADRANT_SWATCHES, swatch);
export const HORIZON = mapValues(HORIZON_SWATCHES, swatch);

/** The title slide's dark band, and the light texts on it. */
export const TITLE_BAND = { fill: COLOUR.ink, brand: COLOUR.lineStrong, date: COLOUR.line } as const;

/** The heat map: an empty cell is the lane's own colour; a cell's figures in the app's heat-map ink. */
export const HEAT = {
  empty: COLOUR.laneBand,
  ink: hex(HEAT_MAP_COLOURS.total),
  legend:
    'Cell = friction score of the points in it or connected to it. Amber to red = higher; blank = none.',
} as const;

/** A heat-map cell's fill at `intensity` (0..1): the app's heat scale laid over the lane band. */
export function heatFill(intensity: number): string {
  const heat = heatHsla(Math.min(1, Math.max(0, intensity)));
  return over(rgbOfHsl(heat), heat.alpha, COLOURS.laneBand);
}

/** Friction before and after a future state, and each point's share of the total. */
export const FRICTION = {
  before: hex(FRICTION_COLOURS.before),
  after: hex(FRICTION_COLOURS.after),
  share: hex(FRICTION_COLOURS.share.to),
  totalBefore: hex(FRICTION_COLOURS.score),
  totalAfter: hex(FRICTION_COLOURS.relieved),
} as const;

/** The emotion curve as the canvas draws it: its translucent line mixed with the white under it. */
export const EMOTION = {
  band: COLOUR.purpleTint,
  neutral: LANE.emotions.border,
  curve: over(rgbOf(EMOTION_CURVE.colour), EMOTION_CURVE.opacity, COLOURS.surface),
  width: EMOTION_CURVE.width * POINTS_PER_PX,
  point: mapValues(EMOTION_CURVE.point, hex),
} as const;

export const BLUEPRINT = {
  line: hex(BLUEPRINT_LINE_STYLE.colour),
  width: BLUEPRINT_LINE_STYLE.width * POINTS_PER_PX,
  label: hex(BLUEPRINT_LINE_STYLE.label),
} as const;

/**
 * Lines between cards: each kind's colour, and its dash as the deck names it (the
 * tokens' SVG dash patterns, handoff '6 4' and dependency '2 4', are a dash and a dot).
 */
export const EDGE = {
  colour: mapValues(EDGE_STYLES, (style) => hex(style.colour)),
  dash: { flow: 'solid', handoff: 'dash', dependency: 'dot' },
  width: EDGE_LINE.width * POINTS_PER_PX,
} as const;

/** A card's chip as the deck writes it, a coloured word: a neutral chip in the muted ink. */
export function chipInk(colours: Chip | null): string {
  return colours ? hex(colours.ink) : COLOUR.muted;
}

/** Cards added, removed, changed and moved between two states. */
export const CHANGES = mapValues(CHANGE_MARKS, (mark) => hex(mark.ink));

/** The priority matrix: the lines between quadrants, the cell grid, a dropped opportunity's dot. */
export const MATRIX = {
  divider: hex(OPPORTUNITY_COLOURS.matrixLine),
  dividerWidth: 1,
  grid: COLOUR.surface,
  dropped: COLOUR.grey,
} as const;
