/**
 * The board's domain vocabulary and the plain, JSON-serialisable snapshot that
 * `readBoard` returns. Nothing here knows about Yjs: the server, the client and
 * exports all work from these types.
 */

export const SCHEMA_VERSION = 3;

export const DEFAULT_STAGES = [
  'Awareness',
  'Interest',
  'Intent',
  'Purchase',
  'Fulfilment',
  'Activation',
  'Support',
  'Retention',
] as const;

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

/** The lanes of a new journey map: what customers do, where, how they feel, what hurts, what could be better. */
export const DEFAULT_LANES: ReadonlyArray<{ kind: LaneKind; title: string }> = [
  { kind: 'actions', title: 'Customer actions' },
  { kind: 'touchpoints', title: 'Touchpoints & channels' },
  { kind: 'emotions', title: 'Feelings' },
  { kind: 'friction', title: 'Friction points' },
  { kind: 'opportunities', title: 'Opportunities' },
];

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

/** The card kind a new card gets when it is dropped into a lane of this kind. */
export const CARD_KIND_FOR_LANE: Record<LaneKind, CardKind> = {
  actions: 'action',
  touchpoints: 'touchpoint',
  emotions: 'emotion',
  friction: 'friction',
  opportunities: 'opportunity',
  frontstage: 'frontstage',
  backstage: 'backstage',
  support: 'support',
  evidence: 'evidence',
  custom: 'note',
};

/** Channels people name most often; a card may also carry a custom channel name. */
export const COMMON_CHANNELS = [
  'store',
  'web',
  'app',
  'phone',
  'chat',
  'email',
  'social',
  'mail',
  'partner',
  'kiosk',
] as const;

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
export type VoteSessionStatus = (typeof VOTE_SESSION_STATUSES)[number];

export const EMOTION_MIN = -2;
export const EMOTION_MAX = 2;
export const SEVERITY_MIN = 1;
export const SEVERITY_MAX = 5;
export const SCORE_MIN = 1;
export const SCORE_MAX = 5;

// ---------------------------------------------------------------------------
// The snapshot readBoard returns. Every array is in a deterministic order, so two
// replicas that hold the same document produce deep-equal snapshots.
// ---------------------------------------------------------------------------

export interface Principle {
  id: string;
  text: string;
  order: string;
}

export interface Persona {
  id: string;
  name: string;
  description: string;
  valueTier: ValueTier;
  priority: PersonaPriority;
  order: string;
}

export interface Journey {
  id: string;
  title: string;
  personaId: string | null;
  order: string;
}

export interface JourneyState {
  id: string;
  journeyId: string;
  kind: StateKind;
  title: string;
  /** The state this one was forked from (null for a current state). */
  derivedFrom: string | null;
  createdAt: number;
  order: string;
}

export interface Stage {
  id: string;
  stateId: string;
  title: string;
  order: string;
  derivedFrom: string | null;
}

export interface Lane {
  id: string;
  stateId: string;
  kind: LaneKind;
  title: string;
  order: string;
  derivedFrom: string | null;
}

export interface Frequency {
  count: number;
  period: FrequencyPeriod;
}

export interface Friction {
  /** 1 (irritant) to 5 (journey-breaking); null when not yet assessed. */
  severity: number | null;
  frequency: Frequency | null;
  /** The persona (segment) that feels it; null when it hits everyone or is unknown. */
  segmentId: string | null;
  rootCause: string;
  ownerTeam: string;
  epic: EpicDimension | null;
}

export interface Card {
  id: string;
  stateId: string;
  stageId: string;
  laneId: string;
  order: string;
  text: string;
  kind: CardKind;
  channel: string | null;
  /** -2 (very negative) to +2 (delighted); null when not scored. */
  emotion: number | null;
  owner: string;
  evidence: string;
  evidenceSource: EvidenceSource | null;
  confidence: Confidence | null;
  friction: Friction;
  notes: string;
  reasonIds: string[];
  /** Rank set from a dot-vote (1 = most votes); null when never prioritised. */
  priority: number | null;
  derivedFrom: string | null;
}

export interface Edge {
  id: string;
  stateId: string;
  from: string;
  to: string;
  kind: EdgeKind;
  label: string;
  derivedFrom: string | null;
}

export interface Opportunity {
  id: string;
  journeyId: string | null;
  title: string;
  description: string;
  impact: number;
  effort: number;
  owner: string;
  horizon: Horizon;
  status: OpportunityStatus;
  /** Friction cards this opportunity removes or reduces. */
  frictionIds: string[];
  order: string;
}

export interface StageMetric {
  id: string;
  stageId: string;
  name: MetricName;
  label: string;
  current: number | null;
  target: number | null;
}

export interface InteractionReason {
  id: string;
  title: string;
  /** null for a primary reason; the primary's id for a secondary one. */
  parentId: string | null;
  order: string;
}

export interface CommentAuthor {
  id: string;
  name: string;
}

export interface Comment {
  id: string;
  targetType: CommentTargetType;
  targetId: string;
  /** null for the first comment of a thread; the thread's first comment id for replies. */
  parentId: string | null;
  author: CommentAuthor;
  text: string;
  createdAt: number;
  resolved: boolean;
}

export interface Vote {
  sessionId: string;
  targetId: string;
  userId: string;
  dots: number;
}

/**
 * How friction is scored on this board (see friction.ts): frequency is normalised
 * to `period`, and the segment a friction point hits is weighted by its persona's
 * value tier times its priority.
 */
export interface ScoringSettings {
  period: FrequencyPeriod;
  tierWeights: Record<ValueTier, number>;
  priorityWeights: Record<PersonaPriority, number>;
  /** The weight of friction whose segment is not set, or whose persona was deleted. */
  unknownSegmentWeight: number;
}

export const DEFAULT_SCORING: ScoringSettings = {
  period: 'month',
  tierWeights: { low: 0.5, medium: 1, high: 1.5, top: 2 },
  priorityWeights: { standard: 1, priority: 1.25, special: 1.5 },
  unknownSegmentWeight: 1,
};

/** A dot-voting round run by a facilitator. */
export interface VoteSession {
  id: string;
  stateId: string;
  title: string;
  scope: VoteScope;
  dotsPerPerson: number;
  status: VoteSessionStatus;
  startedBy: string;
  startedAt: number;
  endedAt: number | null;
}

/**
 * The workshop timer everyone sees. Running: `endsAt` is set (the starter's clock);
 * paused: `remainingMs` holds what is left.
 */
export interface WorkshopTimer {
  label: string;
  durationMs: number;
  endsAt: number | null;
  remainingMs: number;
  startedBy: string;
}

/** One participant's own emotion score for a step (card), beside the card's agreed emotion. */
export interface EmotionRating {
  cardId: string;
  userId: string;
  score: number;
}

export interface BoardMeta {
  title: string;
  schemaVersion: number;
  createdAt: number;
  template: string;
  vision: string;
  objective: string;
}

/** Something readBoard found damaged in the document and skipped or repaired. */
export interface Repair {
  entity: string;
  id: string;
  problem: string;
  action: 'skipped' | 'repaired';
}

export interface BoardSnapshot {
  meta: BoardMeta;
  principles: Principle[];
  personas: Persona[];
  journeys: Journey[];
  states: JourneyState[];
  stages: Stage[];
  lanes: Lane[];
  cards: Card[];
  edges: Edge[];
  opportunities: Opportunity[];
  metrics: StageMetric[];
  reasons: InteractionReason[];
  comments: Comment[];
  votes: Vote[];
  voteSessions: VoteSession[];
  emotionRatings: EmotionRating[];
  timer: WorkshopTimer | null;
  settings: { scoring: ScoringSettings };
  repairs: Repair[];
}
