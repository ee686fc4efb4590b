/**
 * Typed, validated inputs of every board command. A command parses its input with
 * one of these schemas before it opens a transaction, so a bad input changes
 * nothing and the error names the field.
 */
import { ENTITIES, id, inputShape } from './entities/index.js';
import { BoardCommandError } from './errors.js';
import {
  type Card,
  EMOTION_MAX,
  EMOTION_MIN,
  FREQUENCY_PERIODS,
  LANE_KINDS,
  LIMITS,
  type METRIC_NAMES,
  PERSONA_PRIORITIES,
  VALUE_TIERS,
} from './model.js';
import { z } from './validation.js';

export { id, LIMITS };

const {
  cards,
  comments,
  edges,
  journeys,
  lanes,
  metrics,
  opportunities,
  personas,
  reasons,
  slides,
  voteSessions,
} = ENTITIES;
const title = z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(LIMITS.title));
const shortText = z.string().check(z.maxLength(LIMITS.shortText));
const longText = z.string().check(z.maxLength(LIMITS.longText));
const index = z.int().check(z.minimum(0));
const weight = z.number().check(z.minimum(0), z.maximum(LIMITS.maxWeight));
/** Who starts a vote, a timer or a round: a name, trimmed. */
const startedBy = z.string().check(z.trim(), z.minLength(1), z.maxLength(80));
const timestamp = z.optional(z.int().check(z.nonnegative()));

/** A period key of evidence (evidence/periods.ts). */
const periodKey = z
  .string()
  .check(
    z.regex(
      /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?|-W(0[1-9]|[1-4]\d|5[0-3])|-Q[1-4])?$/,
      'must be a period key such as 2026-03',
    ),
  );
const evidenceSource = z.object({
  name: title,
  fileName: z._default(z.string().check(z.maxLength(LIMITS.title)), ''),
  rows: z.int().check(z.minimum(0)),
  unit: z.enum(FREQUENCY_PERIODS),
  importedAt: z.int().check(z.nonnegative()),
});

const PERSONA_FIELDS = ['name', 'description', 'valueTier', 'priority'] as const;
const CARD_FIELDS = [
  'text',
  'kind',
  'channel',
  'emotion',
  'owner',
  'evidence',
  'evidenceSource',
  'confidence',
  'friction',
  'notes',
  'priority',
] as const;
const OPPORTUNITY_FIELDS = [
  'title',
  'description',
  'impact',
  'effort',
  'owner',
  'horizon',
  'status',
] as const;

/** Every card field, each optional: what an update may change, and what an add may set beyond its cell. */
const optionalCardFields = inputShape(cards, CARD_FIELDS, 'patch');

export const schemas = {
  createBoard: z.object({
    title,
    template: z._default(z.string().check(z.minLength(1), z.maxLength(100)), 'blank-journey'),
    createdAt: timestamp,
  }),
  setTitle: z.object({ title }),
  setObjective: z.object({ objective: shortText }),
  setVision: z.object({ vision: longText }),
  addPrinciple: z.object({ id: z.optional(id), text: title }),
  updatePrinciple: z.object({ id, text: title }),
  removePrinciple: z.object({ id }),

  addPersona: z.object({ id: z.optional(id), ...inputShape(personas, PERSONA_FIELDS, 'add') }),
  updatePersona: z.object({ id, ...inputShape(personas, PERSONA_FIELDS, 'patch') }),
  removePersona: z.object({ id }),

  addJourney: z.object({
    id: z.optional(id),
    ...inputShape(journeys, ['title', 'personaId'], 'add'),
    /** Stage titles and lanes of the new journey's current state; defaults to the standard lifecycle. */
    stages: z.optional(z.array(title).check(z.maxLength(100))),
    lanes: z.optional(z.array(z.object({ kind: z.enum(LANE_KINDS), title })).check(z.maxLength(100))),
  }),
  updateJourney: z.object({ id, ...inputShape(journeys, ['title', 'personaId'], 'patch') }),
  removeJourney: z.object({ id }),

  forkState: z.object({ stateId: id, title: z.optional(title), id: z.optional(id) }),
  renameState: z.object({ id, title }),
  removeState: z.object({ id }),

  addStage: z.object({ id: z.optional(id), stateId: id, title, index: z.optional(index) }),
  renameStage: z.object({ id, title }),
  moveStage: z.object({ id, index }),
  removeStage: z.object({ id }),

  addLane: z.object({
    id: z.optional(id),
    ...inputShape(lanes, ['stateId', 'kind', 'title'], 'add'),
    index: z.optional(index),
  }),
  renameLane: z.object({ id, title }),
  updateLane: z.object({ id, ...inputShape(lanes, ['title', 'kind'], 'patch') }),
  moveLane: z.object({ id, index }),
  removeLane: z.object({ id }),

  addCard: z.object({
    ...optionalCardFields,
    id: z.optional(id),
    ...inputShape(cards, ['stageId', 'laneId', 'text', 'authorId'], 'add'),
    index: z.optional(index),
  }),
  updateCard: z.object({ ...optionalCardFields, id }),
  moveCard: z.object({ id, stageId: id, laneId: id, index: z.optional(index) }),
  removeCard: z.object({ id }),

  connect: z.object({ id: z.optional(id), ...inputShape(edges, ['from', 'to', 'kind', 'label'], 'add') }),
  disconnect: z.object({ id }),
  pasteCards: z.object({
    stateId: id,
    /** Copied cards travel as the snapshot read them; addCard validates each field it keeps. */
    cards: z.array(z.custom<Card>((value) => typeof value === 'object' && value !== null)),
    /** The selected card's cell: every card lands there when set. */
    target: z.optional(z.nullable(z.object({ stageId: id, laneId: id }))),
    /** Who pastes: the copies are theirs. */
    authorId: z._default(z.nullable(id), null),
  }),
  deleteSelection: z.object({ cardIds: z.array(id), edgeIds: z.array(id) }),

  addOpportunity: z.object({
    id: z.optional(id),
    ...inputShape(opportunities, [...OPPORTUNITY_FIELDS, 'journeyId', 'frictionIds'], 'add'),
  }),
  updateOpportunity: z.object({ id, ...inputShape(opportunities, OPPORTUNITY_FIELDS, 'patch') }),
  removeOpportunity: z.object({ id }),
  linkFriction: z.object({ opportunityId: id, cardId: id }),
  unlinkFriction: z.object({ opportunityId: id, cardId: id }),

  setMetric: z.object(inputShape(metrics, ['stageId', 'name', 'label', 'current', 'target'], 'add')).check(
    z.superRefine((metric, ctx) => {
      if (metric.name === 'custom' && metric.label === '') {
        ctx.addIssue({ code: 'custom', path: ['label'], message: 'a custom metric needs a label' });
      }
      const range = METRIC_RANGES[metric.name];
      for (const key of ['current', 'target'] as const) {
        const value = metric[key];
        if (range && value !== null && (value < range[0] || value > range[1])) {
          ctx.addIssue({
            code: 'custom',
            path: [key],
            message: `${metric.name} must be between ${range[0]} and ${range[1]}`,
          });
        }
      }
    }),
  ),
  removeMetric: z.object({ id }),

  /** A slide's key (story/model.ts Slide.key) is the id of its settings. */
  setSlide: z.object({ key: id, ...inputShape(slides, ['hidden', 'notes'], 'patch') }),

  addReason: z.object({ id: z.optional(id), ...inputShape(reasons, ['title', 'parentId'], 'add') }),
  renameReason: z.object({ id, title }),
  removeReason: z.object({ id }),
  tagReason: z.object({ cardId: id, reasonId: id, tagged: z._default(z.boolean(), true) }),

  /** One contacts export, aggregated (evidence/contacts.ts): volumes per reason, period and channel. */
  importContacts: z.object({
    source: evidenceSource,
    volumes: z
      .array(
        z.object({
          primary: title,
          secondary: z.nullable(title),
          period: periodKey,
          channel: z.nullable(z.string().check(z.trim(), z.maxLength(LIMITS.channel))),
          count: z.int().check(z.minimum(0), z.maximum(LIMITS.maxFrequencyCount)),
        }),
      )
      .check(z.maxLength(LIMITS.maxVolumes)),
  }),
  /** One survey export, aggregated (evidence/survey.ts), its stages already matched to the board's. */
  importSurvey: z.object({
    source: evidenceSource,
    readings: z
      .array(
        z
          .pipe(
            z.object({
              stageId: id,
              ...inputShape(metrics, ['name', 'label'], 'add'),
              period: periodKey,
              value: z.number(),
              responses: z.nullable(z.int().check(z.minimum(0))),
            }),
            z.transform(({ name, ...reading }) => ({ ...reading, metric: name })),
          )
          .check(
            z.superRefine((reading, ctx) => {
              const range = METRIC_RANGES[reading.metric];
              if (range && (reading.value < range[0] || reading.value > range[1]))
                ctx.addIssue({
                  code: 'custom',
                  path: ['value'],
                  message: `${reading.metric} must be between ${range[0]} and ${range[1]}`,
                });
              if (reading.metric === 'custom' && reading.label === '')
                ctx.addIssue({ code: 'custom', path: ['label'], message: 'a custom metric needs a label' });
            }),
          ),
      )
      .check(z.maxLength(LIMITS.maxReadings)),
  }),
  removeSource: z.object({ id }),

  comment: z.object({
    id: z.optional(id),
    ...inputShape(comments, ['targetType', 'targetId', 'parentId', 'author', 'text'], 'add'),
    createdAt: timestamp,
  }),
  editComment: z.object({ id, ...inputShape(comments, ['text'], 'add') }),
  resolveComment: z.object({ id, resolved: z._default(z.boolean(), true) }),
  removeComment: z.object({ id }),

  setScoring: z.object({
    period: z.optional(z.enum(FREQUENCY_PERIODS)),
    tierWeights: z.optional(z.partialRecord(z.enum(VALUE_TIERS), weight)),
    priorityWeights: z.optional(z.partialRecord(z.enum(PERSONA_PRIORITIES), weight)),
    unknownSegmentWeight: z.optional(weight),
  }),

  startVoteSession: z.object({
    id: z.optional(id),
    ...inputShape(voteSessions, ['stateId', 'title', 'scope', 'dotsPerPerson', 'liveTally'], 'add'),
    // A file may hold a session nobody is named for; a command always says who starts it.
    startedBy,
    startedAt: timestamp,
  }),
  endVoteSession: z.object({ id, endedAt: timestamp }),
  applyVotePriorities: z.object({ sessionId: id }),

  startTimer: z.object({
    durationMs: z.int().check(z.minimum(1000), z.maximum(LIMITS.maxTimerMs)),
    label: z._default(z.string().check(z.trim(), z.maxLength(80)), ''),
    startedBy,
    now: timestamp,
  }),
  pauseTimer: z.object({ now: timestamp }),
  lockStructure: z.object({ locked: z.boolean() }),
  startRound: z.object({
    id: z.optional(id),
    /** Where the round's notes go: a stage, a lane, or (neither) any cell. */
    stageId: z._default(z.nullable(id), null),
    laneId: z._default(z.nullable(id), null),
    startedBy,
    startedAt: timestamp,
  }),
  revealRound: z.object({ id }),
  resumeTimer: z.object({ now: timestamp }),
  stopTimer: z.object({}),

  rateEmotion: z.object({
    cardId: id,
    userId: id,
    score: z.nullable(z.int().check(z.minimum(EMOTION_MIN), z.maximum(EMOTION_MAX))),
  }),

  vote: z.object({
    sessionId: z._default(id, 'board'),
    targetId: id,
    userId: id,
    dots: z.int().check(z.minimum(0), z.maximum(LIMITS.maxDots)),
  }),
} as const;

/** Accepted ranges of the standard metrics; custom metrics are free. */
export const METRIC_RANGES: Partial<Record<(typeof METRIC_NAMES)[number], [number, number]>> = {
  NPS: [-100, 100],
  CSAT: [0, 100],
  CES: [1, 7],
};

export type CommandName = keyof typeof schemas;
export type CommandInput<C extends CommandName> = z.input<(typeof schemas)[C]>;
export type ParsedInput<C extends CommandName> = z.output<(typeof schemas)[C]>;

/** Parses a command's input or throws a BoardCommandError naming the first bad field. */
export function parseInput<C extends CommandName>(command: C, input: unknown): ParsedInput<C> {
  const result = schemas[command].safeParse(input);
  if (result.success) return result.data as ParsedInput<C>;
  const issue = result.error.issues[0];
  const field = issue ? issue.path.map(String).join('.') : '';
  const detail = issue ? issue.message : 'invalid input';
  throw new BoardCommandError('invalid_input', command, field, detail);
}
