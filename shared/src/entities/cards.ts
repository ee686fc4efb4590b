/** Cards, the sticky notes of a journey, and the edges drawn between them. */
import {
  choice,
  diffed,
  entity,
  group,
  idSet,
  notes,
  number,
  order,
  origin,
  owned,
  ref,
  text,
  writtenBy,
} from './fields.js';
import {
  CARD_KINDS,
  CONFIDENCE_LEVELS,
  EDGE_KINDS,
  EMOTION_MAX,
  EMOTION_MIN,
  EPIC_DIMENSIONS,
  EVIDENCE_SOURCES,
  FREQUENCY_PERIODS,
  LIMITS,
  SEVERITY_MAX,
  SEVERITY_MIN,
} from './vocabulary.js';

const frequency = group(
  {
    count: number({ min: 0, max: LIMITS.maxFrequencyCount }),
    period: choice(FREQUENCY_PERIODS),
  },
  { nullable: true },
);

/** Stored as flat keys on the card, so two people editing severity and frequency at once both keep their edit. */
const friction = group(
  {
    /** 1 (irritant) to 5 (journey-breaking); null when not yet assessed. */
    severity: number({ min: SEVERITY_MIN, max: SEVERITY_MAX, integer: true, nullable: true }),
    frequency,
    /** The persona (segment) that feels it; null when it hits everyone or is unknown. */
    segmentId: ref('personas', { nullable: true }),
    rootCause: text({ max: LIMITS.shortText, default: '' }),
    ownerTeam: text({ max: LIMITS.title, default: '' }),
    epic: choice(EPIC_DIMENSIONS, { nullable: true }),
  },
  { prefixed: false },
);

/** Participants add cards and change the ones they wrote; editors change any. */
export const cards = entity('card', owned('authorId', 'participant'), {
  stateId: ref('states'),
  stageId: ref('stages', { within: 'stateId' }),
  laneId: ref('lanes', { within: 'stateId' }),
  order: order(),
  text: diffed(text({ max: LIMITS.cardText, default: '' })),
  /** Read as the lane's card kind when missing. */
  kind: diffed(choice(CARD_KINDS)),
  channel: diffed(text({ max: LIMITS.channel, trim: true, nullable: true })),
  /** -2 (very negative) to +2 (delighted); null when not scored. */
  emotion: diffed(number({ min: EMOTION_MIN, max: EMOTION_MAX, integer: true, nullable: true })),
  owner: diffed(text({ max: LIMITS.title, default: '' })),
  evidence: diffed(text({ max: LIMITS.shortText, default: '' })),
  evidenceSource: diffed(choice(EVIDENCE_SOURCES, { nullable: true })),
  confidence: diffed(choice(CONFIDENCE_LEVELS, { nullable: true })),
  friction: diffed(friction),
  notes: diffed(notes(LIMITS.longText)),
  reasonIds: idSet('reasons', { max: 100, lost: 'tag of missing reason' }),
  /** Rank set from a dot-vote (1 = most votes); null when never prioritised. */
  priority: writtenBy('editor', number({ min: 1, max: LIMITS.maxPriority, integer: true, nullable: true })),
  derivedFrom: writtenBy('editor', origin('cards')),
  /** Who wrote it: their participantId, null for cards written before authorship (editors' to change). */
  authorId: ref(null, { nullable: true }),
});

export const edges = entity('edge', 'editor', {
  /** The state of the cards it connects. */
  stateId: ref('states'),
  from: ref('cards', { within: 'stateId' }),
  to: ref('cards', { within: 'stateId' }),
  kind: choice(EDGE_KINDS, { default: 'flow' }),
  label: text({ max: LIMITS.title, default: '' }),
  derivedFrom: origin('edges'),
});

export const cardEntities = { cards, edges };
