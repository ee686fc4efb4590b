/**
 * Typed, validated inputs of every board command. A command parses its input with
 * one of these schemas before it opens a transaction, so a bad input changes
 * nothing and the error names the field.
 */
import { z } from 'zod';
import { BoardCommandError } from './errors.js';
import { ID_PATTERN } from './ids.js';
import {
  CARD_KINDS,
  COMMENT_TARGETS,
  CONFIDENCE_LEVELS,
  EDGE_KINDS,
  EMOTION_MAX,
  EMOTION_MIN,
  EPIC_DIMENSIONS,
  EVIDENCE_SOURCES,
  FREQUENCY_PERIODS,
  HORIZONS,
  LANE_KINDS,
  METRIC_NAMES,
  OPPORTUNITY_STATUSES,
  PERSONA_PRIORITIES,
  SCORE_MAX,
  SCORE_MIN,
  SEVERITY_MAX,
  SEVERITY_MIN,
  VALUE_TIERS,
  VOTE_SCOPES,
} from './model.js';

export const LIMITS = {
  title: 200,
  cardText: 2_000,
  shortText: 500,
  longText: 20_000,
  channel: 40,
  maxFrequencyCount: 1e9,
  maxDots: 100,
  maxPriority: 10_000,
  maxWeight: 100,
  /** A workshop timer runs at most a day. */
  maxTimerMs: 24 * 60 * 60 * 1000,
} as const;

export const id = z.string().regex(ID_PATTERN, 'must be 1-100 letters, digits or _.:-');
const title = z.string().trim().min(1, 'must not be empty').max(LIMITS.title);
const shortText = z.string().max(LIMITS.shortText);
const longText = z.string().max(LIMITS.longText);
const index = z.number().int().min(0);
const score = z.number().int().min(SCORE_MIN).max(SCORE_MAX);
const weight = z.number().finite().min(0).max(LIMITS.maxWeight);

export const frequencySchema = z.object({
  count: z.number().finite().min(0).max(LIMITS.maxFrequencyCount),
  period: z.enum(FREQUENCY_PERIODS),
});

export const frictionSchema = z.object({
  severity: z.number().int().min(SEVERITY_MIN).max(SEVERITY_MAX).nullable().optional(),
  frequency: frequencySchema.nullable().optional(),
  segmentId: id.nullable().optional(),
  rootCause: shortText.optional(),
  ownerTeam: z.string().max(LIMITS.title).optional(),
  epic: z.enum(EPIC_DIMENSIONS).nullable().optional(),
});

const cardFields = {
  text: z.string().max(LIMITS.cardText),
  kind: z.enum(CARD_KINDS),
  channel: z.string().trim().max(LIMITS.channel).nullable(),
  emotion: z.number().int().min(EMOTION_MIN).max(EMOTION_MAX).nullable(),
  owner: z.string().max(LIMITS.title),
  evidence: shortText,
  evidenceSource: z.enum(EVIDENCE_SOURCES).nullable(),
  confidence: z.enum(CONFIDENCE_LEVELS).nullable(),
  friction: frictionSchema,
  notes: longText,
  priority: z.number().int().min(1).max(LIMITS.maxPriority).nullable(),
};

/** Every card field, each optional: what an update may change, and what an add may set beyond its cell. */
const optionalCardFields = z.object(cardFields).partial();

export const schemas = {
  createBoard: z.object({
    title,
    template: z.string().min(1).max(100).default('blank-journey'),
    createdAt: z.number().int().nonnegative().optional(),
  }),
  setTitle: z.object({ title }),
  setObjective: z.object({ objective: shortText }),
  setVision: z.object({ vision: longText }),
  addPrinciple: z.object({ id: id.optional(), text: title }),
  updatePrinciple: z.object({ id, text: title }),
  removePrinciple: z.object({ id }),

  addPersona: z.object({
    id: id.optional(),
    name: title,
    description: longText.default(''),
    valueTier: z.enum(VALUE_TIERS).default('medium'),
    priority: z.enum(PERSONA_PRIORITIES).default('standard'),
  }),
  updatePersona: z.object({
    id,
    name: title.optional(),
    description: longText.optional(),
    valueTier: z.enum(VALUE_TIERS).optional(),
    priority: z.enum(PERSONA_PRIORITIES).optional(),
  }),
  removePersona: z.object({ id }),

  addJourney: z.object({
    id: id.optional(),
    title,
    personaId: id.nullable().default(null),
    /** Stage titles and lanes of the new journey's current state; defaults to the standard lifecycle. */
    stages: z.array(title).max(100).optional(),
    lanes: z
      .array(z.object({ kind: z.enum(LANE_KINDS), title }))
      .max(100)
      .optional(),
  }),
  updateJourney: z.object({ id, title: title.optional(), personaId: id.nullable().optional() }),
  removeJourney: z.object({ id }),

  forkState: z.object({ stateId: id, title: title.optional(), id: id.optional() }),
  renameState: z.object({ id, title }),
  removeState: z.object({ id }),

  addStage: z.object({ id: id.optional(), stateId: id, title, index: index.optional() }),
  renameStage: z.object({ id, title }),
  moveStage: z.object({ id, index }),
  removeStage: z.object({ id }),

  addLane: z.object({
    id: id.optional(),
    stateId: id,
    kind: z.enum(LANE_KINDS).default('custom'),
    title,
    index: index.optional(),
  }),
  renameLane: z.object({ id, title }),
  updateLane: z.object({ id, title: title.optional(), kind: z.enum(LANE_KINDS).optional() }),
  moveLane: z.object({ id, index }),
  removeLane: z.object({ id }),

  addCard: optionalCardFields.extend({
    id: id.optional(),
    stageId: id,
    laneId: id,
    index: index.optional(),
    text: cardFields.text.default(''),
  }),
  updateCard: optionalCardFields.extend({ id }),
  moveCard: z.object({ id, stageId: id, laneId: id, index: index.optional() }),
  removeCard: z.object({ id }),

  connect: z.object({
    id: id.optional(),
    from: id,
    to: id,
    kind: z.enum(EDGE_KINDS).default('flow'),
    label: z.string().max(LIMITS.title).default(''),
  }),
  disconnect: z.object({ id }),

  addOpportunity: z.object({
    id: id.optional(),
    journeyId: id.nullable().default(null),
    title,
    description: longText.default(''),
    impact: score.default(3),
    effort: score.default(3),
    owner: z.string().max(LIMITS.title).default(''),
    horizon: z.enum(HORIZONS).default('next'),
    status: z.enum(OPPORTUNITY_STATUSES).default('idea'),
    frictionIds: z.array(id).max(1000).default([]),
  }),
  updateOpportunity: z.object({
    id,
    title: title.optional(),
    description: longText.optional(),
    impact: score.optional(),
    effort: score.optional(),
    owner: z.string().max(LIMITS.title).optional(),
    horizon: z.enum(HORIZONS).optional(),
    status: z.enum(OPPORTUNITY_STATUSES).optional(),
  }),
  removeOpportunity: z.object({ id }),
  linkFriction: z.object({ opportunityId: id, cardId: id }),
  unlinkFriction: z.object({ opportunityId: id, cardId: id }),

  setMetric: z
    .object({
      stageId: id,
      name: z.enum(METRIC_NAMES),
      label: z.string().trim().max(60).default(''),
      current: z.number().finite().nullable().default(null),
      target: z.number().finite().nullable().default(null),
    })
    .superRefine((metric, ctx) => {
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
  removeMetric: z.object({ id }),

  addReason: z.object({ id: id.optional(), title, parentId: id.nullable().default(null) }),
  renameReason: z.object({ id, title }),
  removeReason: z.object({ id }),
  tagReason: z.object({ cardId: id, reasonId: id, tagged: z.boolean().default(true) }),

  comment: z.object({
    id: id.optional(),
    targetType: z.enum(COMMENT_TARGETS),
    targetId: id,
    parentId: id.nullable().default(null),
    author: z.object({ id, name: z.string().trim().min(1).max(80) }),
    text: z.string().trim().min(1, 'must not be empty').max(LIMITS.longText),
    createdAt: z.number().int().nonnegative().optional(),
  }),
  editComment: z.object({ id, text: z.string().trim().min(1).max(LIMITS.longText) }),
  resolveComment: z.object({ id, resolved: z.boolean().default(true) }),
  removeComment: z.object({ id }),

  setScoring: z.object({
    period: z.enum(FREQUENCY_PERIODS).optional(),
    tierWeights: z.partialRecord(z.enum(VALUE_TIERS), weight).optional(),
    priorityWeights: z.partialRecord(z.enum(PERSONA_PRIORITIES), weight).optional(),
    unknownSegmentWeight: weight.optional(),
  }),

  startVoteSession: z.object({
    id: id.optional(),
    stateId: id,
    title: title.default('Dot vote'),
    scope: z.enum(VOTE_SCOPES).default('friction'),
    dotsPerPerson: z.number().int().min(1).max(LIMITS.maxDots).default(3),
    startedBy: z.string().trim().min(1).max(80),
    startedAt: z.number().int().nonnegative().optional(),
  }),
  endVoteSession: z.object({ id, endedAt: z.number().int().nonnegative().optional() }),
  applyVotePriorities: z.object({ sessionId: id }),

  startTimer: z.object({
    durationMs: z.number().int().min(1000).max(LIMITS.maxTimerMs),
    label: z.string().trim().max(80).default(''),
    startedBy: z.string().trim().min(1).max(80),
    now: z.number().int().nonnegative().optional(),
  }),
  pauseTimer: z.object({ now: z.number().int().nonnegative().optional() }),
  resumeTimer: z.object({ now: z.number().int().nonnegative().optional() }),
  stopTimer: z.object({}),

  rateEmotion: z.object({
    cardId: id,
    userId: id,
    score: z.number().int().min(EMOTION_MIN).max(EMOTION_MAX).nullable(),
  }),

  vote: z.object({
    sessionId: id.default('board'),
    targetId: id,
    userId: id,
    dots: z.number().int().min(0).max(LIMITS.maxDots),
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
