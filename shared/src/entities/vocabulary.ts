/**
 * The words a board is made of: every closed list a field may take its value from,
 * and the bounds of its numbers and texts. Entity declarations, inputs, the board
 * file and the reader all take their ranges from here.
 */

export const LANE_KINDS = [
  'actions',
  'touchpoints',
  'emotions',
  'friction',
  'opportunities',
  'frontstage',
  'backstage',
  'support',
  'evidence',
  'custom',
] as const;
export type LaneKind = (typeof LANE_KINDS)[number];

export const CARD_KINDS = [
  'action',
  'touchpoint',
  'emotion',
  'friction',
  'opportunity',
  'frontstage',
  'backstage',
  'support',
  'evidence',
  'note',
] as const;
export type CardKind = (typeof CARD_KINDS)[number];

export const EDGE_KINDS = ['flow', 'handoff', 'dependency'] as const;
export type EdgeKind = (typeof EDGE_KINDS)[number];

export const FREQUENCY_PERIODS = ['day', 'week', 'month', 'quarter', 'year'] as const;
export type FrequencyPeriod = (typeof FREQUENCY_PERIODS)[number];

/** The experience principles a friction point breaks (Easy, Personalised, Intuitive, Contextual). */
export const EPIC_DIMENSIONS = ['easy', 'personalised', 'intuitive', 'contextual'] as const;
export type EpicDimension = (typeof EPIC_DIMENSIONS)[number];

export const EVIDENCE_SOURCES = [
  'complaints',
  'voc',
  'crm',
  'observation',
  'analytics',
  'staff',
  'research',
  'other',
] as const;
export type EvidenceSource = (typeof EVIDENCE_SOURCES)[number];

/** The kinds of export a board reads as evidence (#14): contact reasons, survey scores. */
export const EVIDENCE_KINDS = ['contacts', 'survey'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

export const CONFIDENCE_LEVELS = ['low', 'medium', 'high'] as const;
export type Confidence = (typeof CONFIDENCE_LEVELS)[number];

export const VALUE_TIERS = ['low', 'medium', 'high', 'top'] as const;
export type ValueTier = (typeof VALUE_TIERS)[number];

export const PERSONA_PRIORITIES = ['standard', 'priority', 'special'] as const;
export type PersonaPriority = (typeof PERSONA_PRIORITIES)[number];

export const HORIZONS = ['now', 'next', 'later'] as const;
export type Horizon = (typeof HORIZONS)[number];

export const OPPORTUNITY_STATUSES = ['idea', 'planned', 'in-progress', 'done', 'dropped'] as const;
export type OpportunityStatus = (typeof OPPORTUNITY_STATUSES)[number];

export const METRIC_NAMES = ['NPS', 'CSAT', 'CES', 'custom'] as const;
export type MetricName = (typeof METRIC_NAMES)[number];

export const STATE_KINDS = ['current', 'future'] as const;
export type StateKind = (typeof STATE_KINDS)[number];

export const COMMENT_TARGETS = ['board', 'card', 'stage', 'lane', 'edge', 'persona', 'opportunity'] as const;
export type CommentTargetType = (typeof COMMENT_TARGETS)[number];

/** What a dot-voting session lets people vote on: the friction lane of a state, or every card of it. */
export const VOTE_SCOPES = ['friction', 'board'] as const;
export type VoteScope = (typeof VOTE_SCOPES)[number];

export const VOTE_SESSION_STATUSES = ['open', 'ended'] as const;
/** A private writing round: notes are drafted in each browser, then revealed to the board at once. */
export const ROUND_STATUSES = ['drafting', 'revealed'] as const;
export type RoundStatus = (typeof ROUND_STATUSES)[number];
export type VoteSessionStatus = (typeof VOTE_SESSION_STATUSES)[number];

export const EMOTION_MIN = -2;
export const EMOTION_MAX = 2;
export const SEVERITY_MIN = 1;
export const SEVERITY_MAX = 5;
export const SCORE_MIN = 1;
export const SCORE_MAX = 5;

export { LIMITS } from '../contract/limits.js';
