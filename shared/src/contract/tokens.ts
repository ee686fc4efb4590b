/**
 * Design tokens: the colours every picture of a board uses, the app (its stylesheet
 * reads them as CSS custom properties that `pnpm tokens` writes into
 * client/src/styles/tokens.css, see tokens-css.ts), the slides (export/deck) and the
 * SVG/PNG pictures alike, so a note card is the same yellow everywhere. Hex colours
 * with their '#'. The values are the app's: where an export drew something otherwise,
 * the app's look is the one to follow.
 */
import type { CardKind, EdgeKind, Horizon, LaneKind, OpportunityStatus } from '../model.js';
import type { Quadrant } from '../opportunities.js';

export const COLOURS = {
  ink: '#1d2433',
  /** Text and rings on a solid colour: a primary button, a count badge, a matrix chip. */
  inkInverse: '#ffffff',
  muted: '#5b6475',
  faint: '#8a93a6',
  /** Placeholders and disabled controls. */
  disabled: '#a3abba',
  accent: '#3b5bdb',
  /** The ring around whatever has the keyboard focus or is selected. */
  focusRing: '#3b5bdb',
  accentHover: '#324fc4',
  /** Text on an accent tint: a pressed toggle, the running timer, one's own votes. */
  accentInk: '#2b3a8c',
  accentTint: '#edf2ff',
  /** A toggle that is on, outside the toolbar: the panel switches, one's own emotion score. */
  accentPressed: '#e7edff',
  /** A lighter tint, for what is picked or commented on inside a panel. */
  accentWash: '#f5f7fc',
  accentLine: '#bac8ff',
  line: '#dde2ec',
  /** A border pointed at. */
  lineStrong: '#b9c2d3',
  /** Rules between the rows of a table or list. */
  lineFaint: '#eef1f6',
  canvas: '#f4f6fa',
  surface: '#ffffff',
  /** A tile or folded thread set into a panel. */
  surfaceMuted: '#fafbfd',
  /** A row or button pointed at. */
  hover: '#f8f9fc',
  /** Shadows and the dialog backdrop, always mixed with transparency. */
  shadow: '#101828',
  laneBand: '#fafbfd',
  laneHeader: '#f7f8fb',
  stageHeader: '#eef1f7',
  red: '#c92a2a',
  redBright: '#e03131',
  redTint: '#fff0f0',
  green: '#2b8a3e',
  greenBright: '#2f9e44',
  greenTint: '#ebfbee',
  purple: '#7950f2',
  purpleTint: '#f3f0ff',
  blue: '#1c7ed6',
  blueTint: '#e7f5ff',
  yellowTint: '#fff9db',
  amber: '#b08800',
  grey: '#868e96',
  greyWash: '#f8f9fa',
  /** Neutral chips, tracks and tab strips. */
  greyTint: '#f1f3f5',
  /** Neutral counts: comments on a card, dots spent. */
  greyChip: '#e9ecf3',
  greyLine: '#dee2e6',
  greyInk: '#495057',
} as const;

/** A colour family: what a card or chip is filled with, its border, and text or marks in it. */
export interface Swatch {
  fill: string;
  border: string;
  ink: string;
}

/** A small label without a border: its fill and its text. */
export interface Chip {
  fill: string;
  ink: string;
}

// Values that several families share, written once.
const blueInk = '#1864ab';
const redInk = '#a61e1e';
const redWash = '#fff5f5';
const redLine = '#ffc9c9';
const redLineStrong = '#ffa8a8';
const redChip = '#ffe3e3';
const greenChip = '#d3f9d8';
const greenInk = '#1b6e2f';
const orange = '#e8590c';
const amberInk = '#b35c00';

// A lane's title is muted unless the lane's kind is what the board is about: friction, opportunities.
const yellow: Swatch = { fill: COLOURS.yellowTint, border: '#f0e0a0', ink: COLOURS.muted };
const neutral: Swatch = { fill: COLOURS.greyWash, border: COLOURS.greyLine, ink: COLOURS.muted };

export const LANE_SWATCHES: Record<LaneKind, Swatch> = {
  actions: yellow,
  touchpoints: { fill: COLOURS.blueTint, border: '#b7dcf7', ink: COLOURS.muted },
  emotions: { fill: COLOURS.purpleTint, border: '#d6ccfb', ink: COLOURS.muted },
  friction: { fill: COLOURS.redTint, border: '#f5c2c2', ink: COLOURS.red },
  opportunities: { fill: COLOURS.greenTint, border: '#b7e4c0', ink: COLOURS.green },
  frontstage: neutral,
  backstage: neutral,
  support: neutral,
  evidence: neutral,
  custom: neutral,
};

/** A card's colours follow the lane kind it belongs in; a note is yellow, as a sticky note is. */
export const CARD_SWATCHES: Record<CardKind, Swatch> = {
  action: LANE_SWATCHES.actions,
  touchpoint: LANE_SWATCHES.touchpoints,
  emotion: LANE_SWATCHES.emotions,
  friction: LANE_SWATCHES.friction,
  opportunity: LANE_SWATCHES.opportunities,
  frontstage: LANE_SWATCHES.frontstage,
  backstage: LANE_SWATCHES.backstage,
  support: LANE_SWATCHES.support,
  evidence: LANE_SWATCHES.evidence,
  note: yellow,
};

/**
 * A quadrant of the priority matrix: its area (fill, border) and title (ink); the tag
 * that names it; the mark along an opportunity's edge in the list and the roadmap; and
 * the matrix chip, a darker solid under white text where the mark is too light for it.
 */
export interface QuadrantSwatch extends Swatch {
  tag: Chip;
  mark: string;
  chip: string;
}

export const QUADRANT_SWATCHES: Record<Quadrant, QuadrantSwatch> = {
  'quick-win': {
    fill: COLOURS.greenTint,
    border: '#b7e4c0',
    ink: COLOURS.green,
    tag: { fill: greenChip, ink: greenInk },
    mark: COLOURS.greenBright,
    chip: COLOURS.greenBright,
  },
  structural: {
    fill: '#f0f7ff',
    border: '#b7dcf7',
    ink: blueInk,
    tag: { fill: '#d0ebff', ink: blueInk },
    mark: COLOURS.blue,
    chip: COLOURS.blue,
  },
  'fill-in': {
    fill: '#fffbea',
    border: '#f0e0a0',
    ink: '#a06000',
    tag: { fill: '#fff3bf', ink: '#8a5a00' },
    mark: '#f59f00',
    chip: '#e8890c',
  },
  reconsider: {
    fill: COLOURS.greyWash,
    border: COLOURS.greyLine,
    ink: COLOURS.grey,
    tag: { fill: '#e9ecef', ink: COLOURS.greyInk },
    mark: '#adb5bd',
    chip: COLOURS.grey,
  },
};

export const HORIZON_SWATCHES: Record<Horizon, Swatch> = {
  now: { fill: COLOURS.accentTint, border: COLOURS.accentLine, ink: COLOURS.accent },
  next: { fill: '#e6fcf5', border: '#96f2d7', ink: '#0c8599' },
  later: neutral,
};

/** How an edge is drawn: its colour and, where not solid, its dash pattern (SVG dasharray). */
export const EDGE_STYLES: Record<EdgeKind, { colour: string; dash: string | null }> = {
  flow: { colour: '#4c6ef5', dash: null },
  handoff: { colour: orange, dash: '6 4' },
  dependency: { colour: COLOURS.grey, dash: '2 4' },
};

/** The emotion curve drawn across the feelings lane, and its points: low, high or flat. */
export const EMOTION_CURVE = {
  colour: COLOURS.purple,
  width: 3,
  opacity: 0.55,
  point: { low: COLOURS.redBright, high: COLOURS.greenBright, flat: COLOURS.grey },
} as const;

/**
 * Feelings elsewhere: a card's emotion score chip, low or high, and the range of the
 * participants' scores drawn over a step, its colour changing where they disagree.
 */
export const EMOTION_COLOURS = {
  low: { fill: redChip, ink: redInk },
  high: { fill: greenChip, ink: COLOURS.green },
  spread: { line: '#748ffc', mark: '#4c6ef5' },
  disagreement: { line: '#f76707', mark: orange },
} as const;

/** How a service blueprint's lines are drawn: dashed rules, each with a label. */
export const BLUEPRINT_LINE_STYLE = {
  colour: '#7c8aa5',
  width: 2,
  dash: '8 6',
  label: COLOURS.muted,
} as const;

/**
 * The lines of a service blueprint, each drawn above the first lane of its kind:
 * between what the customer does and frontstage, what they see and what they do not,
 * and the organisation's own support behind it.
 */
export const BLUEPRINT_LINES: ReadonlyArray<{ above: LaneKind; label: string; colour: string }> = [
  { above: 'frontstage', label: 'Line of interaction', colour: BLUEPRINT_LINE_STYLE.colour },
  { above: 'backstage', label: 'Line of visibility', colour: BLUEPRINT_LINE_STYLE.colour },
  { above: 'support', label: 'Line of internal interaction', colour: BLUEPRINT_LINE_STYLE.colour },
];

/** Something went wrong: an error message, a refused export, a destructive button pointed at. */
export const PROBLEM_COLOURS = {
  fill: redWash,
  border: redLine,
  hoverBorder: redLineStrong,
  ink: COLOURS.red,
} as const;

/** The board's connection, as its header says it: saved, syncing, offline, or edits not stored. */
export const SAVE_STATUS_CHIPS: Record<'saved' | 'syncing' | 'offline' | 'unsaved', Chip> = {
  saved: { fill: COLOURS.greenTint, ink: COLOURS.green },
  syncing: { fill: COLOURS.yellowTint, ink: '#946800' },
  offline: { fill: '#fff0f6', ink: '#a61e4d' },
  unsaved: { fill: COLOURS.redBright, ink: COLOURS.inkInverse },
};

/** The "View only" badge a viewer sees in the header. */
export const VIEW_ONLY_BADGE: Chip = { fill: COLOURS.blueTint, ink: blueInk };

/** The workshop timer's clock: running, paused, and run out. */
export const TIMER_CHIPS: Record<'running' | 'paused' | 'done', Chip> = {
  running: { fill: COLOURS.accentTint, ink: COLOURS.accentInk },
  paused: { fill: COLOURS.greyTint, ink: COLOURS.greyInk },
  done: { fill: redChip, ink: COLOURS.red },
};

/** Comparing two states: a card added, removed, changed or moved (its outline, and the word for it). */
export const CHANGE_MARKS: Record<
  'added' | 'removed' | 'changed' | 'moved',
  { outline: string; ink: string }
> = {
  added: { outline: COLOURS.greenBright, ink: COLOURS.green },
  removed: { outline: COLOURS.redBright, ink: COLOURS.red },
  changed: { outline: '#f08c00', ink: amberInk },
  moved: { outline: '#1971c2', ink: blueInk },
};

/**
 * Friction analytics: scores (and a card not yet scored), a severe card's chip, a
 * stage's friction figure, the heat-map toggle, a ranked row pointed at, a card's
 * score explained, friction linked to an opportunity, the bar of each card's share,
 * and friction before and after a future state (relieved, or made worse).
 */
export const FRICTION_COLOURS = {
  score: COLOURS.red,
  unscored: amberInk,
  /** The summary tile counting friction not yet assessed, while there is any. */
  unassessed: { fill: COLOURS.yellowTint, border: '#ffe08a' },
  severe: { fill: redLine, ink: redInk },
  stage: { fill: COLOURS.redTint, border: redLine, ink: redInk },
  toggle: { fill: COLOURS.redTint, border: redLineStrong, ink: COLOURS.red },
  hover: { fill: '#fffafa', border: redLine },
  explained: { fill: redWash, border: '#ffd8d8' },
  linked: redWash,
  share: { from: '#ffa94d', to: COLOURS.redBright },
  before: '#ff8787',
  after: '#51cf66',
  relieved: COLOURS.green,
  worsened: COLOURS.red,
} as const;

/** A colour as hue (degrees), saturation and lightness (percent) and opacity (0..1). */
export interface Hsla {
  hue: number;
  saturation: number;
  lightness: number;
  alpha: number;
}

/**
 * The heat scale at an intensity (0..1): hue runs from amber to red and opacity rises
 * with it, so even a light cell reads as "some". As parts, for pictures that cannot
 * take a CSS colour (the slides lay it over the lane's colour themselves).
 */
export function heatHsla(intensity: number): Hsla {
  return {
    hue: Math.round(42 - 42 * intensity),
    saturation: 92,
    lightness: 52,
    alpha: 0.14 + 0.5 * intensity,
  };
}

/** The heat scale as a CSS colour (see heatHsla). */
export function heatColour(intensity: number): string {
  const { hue, saturation, lightness, alpha } = heatHsla(intensity);
  return `hsl(${hue} ${saturation}% ${lightness}% / ${alpha.toFixed(2)})`;
}

/** The friction heat map: its scale's two ends (see heatColour) and each cell's total. */
export const HEAT_MAP_COLOURS = { cool: heatColour(0), hot: heatColour(1), total: '#8a1c1c' } as const;

/** A friction's reasons: how many cards carry each. */
export const REASON_COLOURS = { count: { fill: '#e7f0ff', ink: '#1c4fa0' } } as const;

/** Comment threads: counts, what one has not read yet (a solid dot, or an outlined pill), resolved. */
export const COMMENT_COLOURS = {
  count: { fill: COLOURS.greyChip, ink: COLOURS.muted },
  unread: { fill: orange, border: '#f5b48a', ink: '#c2410c' },
  resolved: { fill: '#e6f4ea', ink: COLOURS.green },
} as const;

/** Dot voting: the vote panel and the dot control on each card, and the "live" marker. */
export const VOTING_COLOURS = {
  line: '#c5d0f5',
  wash: '#f7f9ff',
  ink: COLOURS.accentInk,
  live: COLOURS.greenBright,
} as const;

/** An opportunity's status tag; an idea, a planned or a dropped one is neutral. */
export const OPPORTUNITY_STATUS_CHIPS: Record<OpportunityStatus, Chip> = {
  idea: { fill: COLOURS.greyTint, ink: COLOURS.greyInk },
  planned: { fill: COLOURS.greyTint, ink: COLOURS.greyInk },
  'in-progress': { fill: '#e5dbff', ink: '#5f3dc4' },
  done: { fill: greenChip, ink: greenInk },
  dropped: { fill: COLOURS.greyTint, ink: COLOURS.greyInk },
};

/**
 * Opportunities elsewhere: the future state's banner, a friction card's opportunities
 * in the inspector, the chip on a card an opportunity addresses, the chip naming what
 * relieved a friction, an opportunity's friction score, and the matrix's dividers.
 */
export const OPPORTUNITY_COLOURS = {
  future: { fill: COLOURS.greenTint, border: '#b2f2bb', ink: '#1b5e2a' },
  fixes: { fill: '#f4fcf5', border: greenChip, ink: COLOURS.green },
  addressed: { fill: greenChip, ink: greenInk },
  relief: { fill: COLOURS.greenTint, ink: greenInk },
  score: { fill: redChip, ink: redInk },
  matrixLine: '#c3e6cb',
} as const;

/** Each person's colour (cursor, avatar, selection ring), handed out in turn as people join. */
export const PEOPLE_COLOURS = [
  '#e8590c',
  '#1971c2',
  '#2f9e44',
  '#c2255c',
  '#6741d9',
  '#0c8599',
  '#f08c00',
  '#5c940d',
] as const;

/** The canvas's minimap: cards in the note colour's ink, lanes as bands, on the surface. */
export const MINIMAP_COLOURS = {
  card: '#d9a93a',
  lane: '#dfe4ee',
  background: COLOURS.surface,
  /** The part of the board outside the view (rgb of COLOURS.ink). */
  mask: 'rgb(29 36 51 / 10%)',
} as const;
