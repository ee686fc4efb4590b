/**
 * Design tokens: the colours every picture of a board uses, the app (theme.css reads
 * them as CSS custom properties), the slides (export/deck) and the SVG/PNG pictures
 * alike, so a note card is the same yellow everywhere. Hex colours with their '#'.
 */
import type { CardKind, EdgeKind, Horizon, LaneKind } from '../model.js';
import type { Quadrant } from '../opportunities.js';

export const COLOURS = {
  ink: '#1d2433',
  muted: '#5b6475',
  faint: '#8a93a6',
  accent: '#3b5bdb',
  accentTint: '#edf2ff',
  line: '#dde2ec',
  canvas: '#f4f6fa',
  surface: '#ffffff',
  laneBand: '#fafbfd',
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
  amber: '#b08800',
  grey: '#868e96',
} as const;

/** A colour family: what a card or chip is filled with, its border, and text or marks in it. */
export interface Swatch {
  fill: string;
  border: string;
  ink: string;
}

const yellow: Swatch = { fill: '#fff9db', border: '#f0e0a0', ink: COLOURS.amber };
const neutral: Swatch = { fill: '#f8f9fa', border: '#dee2e6', ink: COLOURS.muted };

export const LANE_SWATCHES: Record<LaneKind, Swatch> = {
  actions: yellow,
  touchpoints: { fill: COLOURS.blueTint, border: '#b7dcf7', ink: COLOURS.blue },
  emotions: { fill: COLOURS.purpleTint, border: '#d6ccfb', ink: COLOURS.purple },
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

export const QUADRANT_SWATCHES: Record<Quadrant, Swatch> = {
  'quick-win': { fill: COLOURS.greenTint, border: '#b7e4c0', ink: COLOURS.green },
  structural: { fill: COLOURS.accentTint, border: '#bac8ff', ink: COLOURS.accent },
  'fill-in': neutral,
  reconsider: { fill: '#fff5f5', border: '#ffc9c9', ink: COLOURS.red },
};

export const HORIZON_SWATCHES: Record<Horizon, Swatch> = {
  now: { fill: COLOURS.accentTint, border: '#bac8ff', ink: COLOURS.accent },
  next: { fill: '#e6fcf5', border: '#96f2d7', ink: '#0c8599' },
  later: neutral,
};

/** How an edge is drawn: its colour and, where not solid, its dash pattern (SVG dasharray). */
export const EDGE_STYLES: Record<EdgeKind, { colour: string; dash: string | null }> = {
  flow: { colour: '#8c99b3', dash: null },
  handoff: { colour: '#e8590c', dash: '5 4' },
  dependency: { colour: '#7048e8', dash: '2 3' },
};

/** The emotion curve drawn across the feelings lane. */
export const EMOTION_CURVE = { colour: COLOURS.purple, width: 2.5 } as const;

/**
 * The lines of a service blueprint, each drawn above the first lane of its kind:
 * between what the customer does and frontstage, what they see and what they do not,
 * and the organisation's own support behind it.
 */
export const BLUEPRINT_LINES: ReadonlyArray<{ above: LaneKind; label: string; colour: string }> = [
  { above: 'frontstage', label: 'Line of interaction', colour: '#4c6ef5' },
  { above: 'backstage', label: 'Line of visibility', colour: '#4c6ef5' },
  { above: 'support', label: 'Line of internal interaction', colour: '#4c6ef5' },
];
