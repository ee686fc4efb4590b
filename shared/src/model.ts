/**
 * The board's domain vocabulary and the plain, JSON-serialisable snapshot that
 * `readBoard` returns. Nothing here knows about Yjs: the server, the client and
 * exports all work from these types.
 */

import type { Entities, Entries, EntryOf, SingletonOf, Singletons, SnapshotOf } from './entities/index.js';
import type {
  CardKind,
  FrequencyPeriod,
  LaneKind,
  PersonaPriority,
  ValueTier,
} from './entities/vocabulary.js';

export * from './entities/vocabulary.js';

export const SCHEMA_VERSION = 4;

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

/** The lanes of a new journey map: what customers do, where, how they feel, what hurts, what could be better. */
export const DEFAULT_LANES: ReadonlyArray<{ kind: LaneKind; title: string }> = [
  { kind: 'actions', title: 'Customer actions' },
  { kind: 'touchpoints', title: 'Touchpoints & channels' },
  { kind: 'emotions', title: 'Feelings' },
  { kind: 'friction', title: 'Friction points' },
  { kind: 'opportunities', title: 'Opportunities' },
];

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

// ---------------------------------------------------------------------------
// The snapshot readBoard returns. Every array is in a deterministic order, so two
// replicas that hold the same document produce deep-equal snapshots. An entity's
// type is derived from its declaration in entities/.
// ---------------------------------------------------------------------------

export interface Principle extends SnapshotOf<Entities['principles']> {}
export interface Persona extends SnapshotOf<Entities['personas']> {}
export interface Journey extends SnapshotOf<Entities['journeys']> {}
export interface JourneyState extends SnapshotOf<Entities['states']> {}
export interface Stage extends SnapshotOf<Entities['stages']> {}
export interface Lane extends SnapshotOf<Entities['lanes']> {}
type FrictionShape = SnapshotOf<Entities['cards']>['friction'];
type FrequencyShape = NonNullable<FrictionShape['frequency']>;
export interface Frequency extends FrequencyShape {}
export interface Friction extends Omit<FrictionShape, 'frequency'> {
  frequency: Frequency | null;
}
export interface Card extends Omit<SnapshotOf<Entities['cards']>, 'friction'> {
  friction: Friction;
}
export interface Edge extends SnapshotOf<Entities['edges']> {}
export interface Opportunity extends SnapshotOf<Entities['opportunities']> {}
export interface StageMetric extends SnapshotOf<Entities['metrics']> {}
/** A slide's presenter notes and whether it is hidden; its id is the slide's key (story/model.ts). */
export interface SlideSettings extends SnapshotOf<Entities['slides']> {}
export interface InteractionReason extends SnapshotOf<Entities['reasons']> {}
/** An export read into the board as evidence (#14). */
export interface EvidenceSourceRecord extends SnapshotOf<Entities['sources']> {}
/** Contacts of one reason in one period and channel, from one source. */
export interface ReasonVolume extends SnapshotOf<Entities['volumes']> {}
/** A stage metric's value in one period, from one survey source. */
export interface MetricReading extends SnapshotOf<Entities['readings']> {}
type CommentAuthorShape = SnapshotOf<Entities['comments']>['author'];
export interface CommentAuthor extends CommentAuthorShape {}
export interface Comment extends Omit<SnapshotOf<Entities['comments']>, 'author'> {
  author: CommentAuthor;
}
/** A dot-voting round run by a facilitator. */
export interface VoteSession extends SnapshotOf<Entities['voteSessions']> {}

export interface Vote extends EntryOf<Entries['votes']> {}

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

/**
 * The workshop timer everyone sees. Running: `endsAt` is set (the starter's clock);
 * paused: `remainingMs` holds what is left.
 */
export interface WorkshopTimer extends SingletonOf<Singletons['timer']> {}

/** One participant's own emotion score for a step (card), beside the card's agreed emotion. */
export interface EmotionRating extends EntryOf<Entries['emotionRatings']> {}

export interface BoardMeta extends SingletonOf<Singletons['meta']> {}

/** A facilitator's controls of the room: the structure lock and the private writing round. */
export interface Facilitation extends SingletonOf<Singletons['facilitation']> {}

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
  slides: SlideSettings[];
  sources: EvidenceSourceRecord[];
  volumes: ReasonVolume[];
  readings: MetricReading[];
  timer: WorkshopTimer | null;
  facilitation: Facilitation;
  settings: { scoring: ScoringSettings };
  repairs: Repair[];
}
