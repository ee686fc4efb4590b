/** TEMPORARY: the old palette, to prove the split changes nothing; replaced by the tokens next. */
import type { CardKind, Horizon, LaneKind, Quadrant } from '@journeyboard/shared';

export const COLOUR = {
  ink: '1D2433',
  muted: '5B6475',
  faint: '8A93A6',
  accent: '3B5BDB',
  accentTint: 'EDF2FF',
  line: 'DDE2EC',
  canvas: 'F4F6FA',
  surface: 'FFFFFF',
  inkInverse: 'FFFFFF',
  red: 'C92A2A',
  redBright: 'E03131',
  redTint: 'FFF0F0',
  green: '2B8A3E',
  greenBright: '2F9E44',
  greenTint: 'EBFBEE',
  purple: '7950F2',
  purpleTint: 'F3F0FF',
  blue: '1C7ED6',
  blueTint: 'E7F5FF',
  amber: 'B08800',
  grey: '868E96',
} as const;

export interface Swatch {
  fill: string;
  border: string;
  ink: string;
}

export const LANE: Record<LaneKind, Swatch> = {
  actions: { fill: 'FFF9DB', border: 'F0E0A0', ink: COLOUR.amber },
  touchpoints: { fill: COLOUR.blueTint, border: 'B7DCF7', ink: COLOUR.blue },
  emotions: { fill: COLOUR.purpleTint, border: 'D6CCFB', ink: COLOUR.purple },
  friction: { fill: COLOUR.redTint, border: 'F5C2C2', ink: COLOUR.red },
  opportunities: { fill: COLOUR.greenTint, border: 'B7E4C0', ink: COLOUR.green },
  frontstage: { fill: 'F8F9FA', border: 'DEE2E6', ink: COLOUR.muted },
  backstage: { fill: 'F8F9FA', border: 'DEE2E6', ink: COLOUR.muted },
  support: { fill: 'F8F9FA', border: 'DEE2E6', ink: COLOUR.muted },
  evidence: { fill: 'F8F9FA', border: 'DEE2E6', ink: COLOUR.muted },
  custom: { fill: 'F8F9FA', border: 'DEE2E6', ink: COLOUR.muted },
};

export const CARD: Record<CardKind, Swatch> = {
  action: LANE.actions,
  touchpoint: LANE.touchpoints,
  emotion: LANE.emotions,
  friction: LANE.friction,
  opportunity: LANE.opportunities,
  frontstage: LANE.frontstage,
  backstage: LANE.backstage,
  support: LANE.support,
  evidence: LANE.evidence,
  note: LANE.custom,
};

export const QUADRANT: Record<Quadrant, Swatch> = {
  'quick-win': { fill: 'EBFBEE', border: 'B7E4C0', ink: COLOUR.green },
  structural: { fill: 'EDF2FF', border: 'BAC8FF', ink: COLOUR.accent },
  'fill-in': { fill: 'F8F9FA', border: 'DEE2E6', ink: COLOUR.muted },
  reconsider: { fill: 'FFF5F5', border: 'FFC9C9', ink: COLOUR.red },
};

export const HORIZON: Record<Horizon, Swatch> = {
  now: { fill: COLOUR.accentTint, border: 'BAC8FF', ink: COLOUR.accent },
  next: { fill: 'E6FCF5', border: '96F2D7', ink: '0C8599' },
  later: { fill: 'F8F9FA', border: 'DEE2E6', ink: COLOUR.muted },
};

export const TITLE_BAND = { fill: COLOUR.ink, brand: 'AEB7C8', date: 'DDE2EC' };
export const HEAT = {
  empty: 'F8F9FA',
  score: (i: number) => (i > 0.55 ? COLOUR.inkInverse : COLOUR.ink),
  count: (i: number) => (i > 0.55 ? COLOUR.inkInverse : COLOUR.muted),
  legend: 'Cell = friction score of the points in it or connected to it. Darker red = higher; blank = none.',
};
export const FRICTION = {
  before: 'F5A3A3',
  after: COLOUR.greenBright,
  share: COLOUR.redBright,
  totalBefore: COLOUR.red,
  totalAfter: COLOUR.greenBright,
};
export const EMOTION = {
  band: 'FAF8FF',
  neutral: 'D6CCFB',
  curve: COLOUR.purple,
  point: { low: COLOUR.redBright, high: COLOUR.greenBright, flat: COLOUR.grey },
};
export const BLUEPRINT = { line: COLOUR.muted, width: 1.25, label: COLOUR.muted };
export const CHIPS = {
  channel: LANE.touchpoints.ink,
  emotion: (_score: number) => LANE.emotions.ink,
  severity: (_severity: number) => LANE.friction.ink,
};
export const CHANGES = {
  added: COLOUR.greenBright,
  removed: COLOUR.red,
  changed: COLOUR.accent,
  moved: COLOUR.purple,
};

/** White (no friction) to red (the hottest cell). */
export function heatFill(intensity: number): string {
  const from = [0xff, 0xf0, 0xf0];
  const to = [0xc9, 0x2a, 0x2a];
  const t = Math.min(1, Math.max(0, intensity));
  return from
    .map((f, i) => Math.round(f + ((to[i] ?? f) - f) * t))
    .map((v) => v.toString(16).padStart(2, '0'))
    .join('')
    .toUpperCase();
}

export const MATRIX = {
  divider: COLOUR.surface,
  dividerWidth: 2,
  grid: COLOUR.surface,
  dropped: COLOUR.grey,
};
