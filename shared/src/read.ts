/**
 * readBoard: the whole board as a plain, JSON-serialisable snapshot. It reads what
 * any client, old or damaged, may have written: a value of the wrong type falls back
 * to a default, a number out of range is clamped, a dangling reference is dropped,
 * an entity that cannot be placed (a card in a deleted stage, an edge to a deleted
 * card) is skipped, and each of those is listed in `repairs`. It never throws.
 */
import * as Y from 'yjs';
import { nullableString, numberField, oneOf, stringField } from './fields.js';
import { LIMITS } from './inputs.js';
import {
  type BoardMeta,
  type BoardSnapshot,
  CARD_KIND_FOR_LANE,
  CARD_KINDS,
  type Card,
  COMMENT_TARGETS,
  CONFIDENCE_LEVELS,
  type Comment,
  DEFAULT_SCORING,
  EDGE_KINDS,
  type Edge,
  EMOTION_MAX,
  EMOTION_MIN,
  type EmotionRating,
  EPIC_DIMENSIONS,
  EVIDENCE_SOURCES,
  FREQUENCY_PERIODS,
  type FrequencyPeriod,
  type Friction,
  HORIZONS,
  type InteractionReason,
  type Journey,
  type JourneyState,
  LANE_KINDS,
  type Lane,
  METRIC_NAMES,
  OPPORTUNITY_STATUSES,
  type Opportunity,
  PERSONA_PRIORITIES,
  type Persona,
  type Principle,
  type Repair,
  SCHEMA_VERSION,
  SCORE_MAX,
  SCORE_MIN,
  type ScoringSettings,
  SEVERITY_MAX,
  SEVERITY_MIN,
  STATE_KINDS,
  type Stage,
  type StageMetric,
  VALUE_TIERS,
  VOTE_SCOPES,
  VOTE_SESSION_STATUSES,
  type Vote,
  type VoteSession,
  type WorkshopTimer,
} from './model.js';
import { compareOrdered } from './order.js';
import {
  collection,
  ENTITY_NAMES,
  type EntityCollection,
  type EntityMap,
  CARD_FRICTION_KEYS as F,
  KNOWN_FIELDS,
  META_FIELDS,
  metaMap,
  ratingsMap,
  SETTING_KEYS,
  setField,
  settingsMap,
  TOP_LEVEL_TYPES,
  textField,
  timerMap,
  VOTE_KEY_SEPARATOR,
  visionText,
  votesMap,
} from './schema.js';

class Reader {
  readonly repairs: Repair[] = [];

  constructor(readonly doc: Y.Doc) {}

  skip(entity: string, id: string, problem: string): void {
    this.repairs.push({ entity, id, problem, action: 'skipped' });
  }

  repair(entity: string, id: string, problem: string): void {
    this.repairs.push({ entity, id, problem, action: 'repaired' });
  }

  /** The entity maps of a collection; anything else stored there is reported and skipped. */
  entries(name: EntityCollection): Array<[string, EntityMap]> {
    const result: Array<[string, EntityMap]> = [];
    const known = new Set(KNOWN_FIELDS[name]);
    for (const [id, value] of collection(this.doc, name).entries()) {
      if (!(value instanceof Y.Map)) {
        this.skip(ENTITY_NAMES[name], id, 'not an entity map');
        continue;
      }
      for (const key of (value as EntityMap).keys()) {
        if (!known.has(key)) this.skip(ENTITY_NAMES[name], id, `unknown field "${key}" ignored`);
      }
      result.push([id, value as EntityMap]);
    }
    return result;
  }

  text(entity: string, id: string, map: EntityMap, key: string, fallback: string, max: number): string {
    const value = map.get(key);
    if (typeof value === 'string') {
      if (value.length <= max) return value;
      this.repair(entity, id, `${key} longer than ${max} characters, truncated`);
      return value.slice(0, max);
    }
    if (value !== undefined && value !== null) this.repair(entity, id, `${key} is not text`);
    return fallback;
  }

  title(entity: string, id: string, map: EntityMap, fallback: string): string {
    const value = this.text(entity, id, map, 'title', '', LIMITS.title);
    if (value.trim() !== '') return value;
    this.repair(entity, id, 'missing title');
    return fallback;
  }

  order(entity: string, id: string, map: EntityMap): string {
    const value = map.get('order');
    if (typeof value === 'string') return value;
    this.repair(entity, id, 'missing order key');
    return '';
  }

  choice<T extends string>(
    entity: string,
    id: string,
    map: EntityMap,
    key: string,
    allowed: readonly T[],
    fallback: T,
  ): T {
    const value = oneOf(map, key, allowed);
    if (value !== null) return value;
    this.repair(entity, id, `${key} "${String(map.get(key))}" is not one of ${allowed.join(', ')}`);
    return fallback;
  }

  optionalChoice<T extends string>(
    entity: string,
    id: string,
    map: EntityMap,
    key: string,
    allowed: readonly T[],
  ): T | null {
    const value = map.get(key);
    if (value === undefined || value === null) return null;
    const choice = oneOf(map, key, allowed);
    if (choice === null)
      this.repair(entity, id, `${key} "${String(value)}" is not one of ${allowed.join(', ')}`);
    return choice;
  }

  /** A number kept inside [min, max] and rounded if it must be whole; null when absent or not a number. */
  bounded(
    entity: string,
    id: string,
    map: EntityMap,
    key: string,
    min: number,
    max: number,
    integer: boolean,
  ): number | null {
    const value = map.get(key);
    if (value === undefined || value === null) return null;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.repair(entity, id, `${key} is not a number`);
      return null;
    }
    let fixed = integer ? Math.round(value) : value;
    fixed = Math.min(max, Math.max(min, fixed));
    if (fixed !== value) this.repair(entity, id, `${key} ${value} out of range ${min}..${max}`);
    return fixed;
  }

  reference(
    entity: string,
    id: string,
    map: EntityMap,
    key: string,
    exists: (ref: string) => boolean,
  ): string | null {
    const ref = nullableString(map, key);
    if (ref === null) return null;
    if (exists(ref)) return ref;
    this.repair(entity, id, `${key} "${ref}" refers to nothing, cleared`);
    return null;
  }
}

function byIndex<T extends { id: string }>(items: T[]): Map<string, number> {
  return new Map(items.map((item, i) => [item.id, i]));
}

function compareTuples(a: Array<number | string>, b: Array<number | string>): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number | string;
    const y = b[i] as number | string;
    if (x < y) return -1;
    if (x > y) return 1;
  }
  return 0;
}

function readMeta(r: Reader): BoardMeta {
  const meta = metaMap(r.doc);
  for (const key of meta.keys()) {
    if (!(META_FIELDS as readonly string[]).includes(key))
      r.skip('meta', 'meta', `unknown field "${key}" ignored`);
  }
  const schemaVersion = numberField(meta, 'schemaVersion');
  if (schemaVersion === null) r.repair('meta', 'meta', 'missing schemaVersion');
  else if (schemaVersion > SCHEMA_VERSION) {
    r.skip(
      'meta',
      'meta',
      `schema version ${schemaVersion} is newer than ${SCHEMA_VERSION}: read as far as understood`,
    );
  } else if (schemaVersion < SCHEMA_VERSION) {
    r.repair('meta', 'meta', `schema version ${schemaVersion} predates ${SCHEMA_VERSION}: run migrateBoard`);
  }
  const title = stringField(meta, 'title').trim();
  if (!title) r.repair('meta', 'meta', 'missing title');
  return {
    title: title ? stringField(meta, 'title') : 'Untitled board',
    schemaVersion: schemaVersion ?? 0,
    createdAt: numberField(meta, 'createdAt') ?? 0,
    template: stringField(meta, 'template'),
    vision: visionText(r.doc).toString(),
    objective: stringField(meta, 'objective'),
  };
}

export function readBoard(doc: Y.Doc): BoardSnapshot {
  const r = new Reader(doc);
  for (const name of doc.share.keys()) {
    if (!TOP_LEVEL_TYPES.has(name)) r.skip('board', name, `unknown top-level type "${name}" ignored`);
  }
  const meta = guarded(r, 'meta', () => readMeta(r), {
    title: 'Untitled board',
    schemaVersion: 0,
    createdAt: 0,
    template: '',
    vision: '',
    objective: '',
  });

  const principles: Principle[] = [];
  for (const [id, m] of r.entries('principles')) {
    principles.push({
      id,
      text: r.text('principle', id, m, 'text', '', LIMITS.title),
      order: r.order('principle', id, m),
    });
  }
  principles.sort(compareOrdered);

  const personas: Persona[] = [];
  for (const [id, m] of r.entries('personas')) {
    const name = stringField(m, 'name').trim() ? stringField(m, 'name') : '';
    if (!name) r.repair('persona', id, 'missing name');
    personas.push({
      id,
      name: name || 'Unnamed persona',
      description: r.text('persona', id, m, 'description', '', LIMITS.longText),
      valueTier: r.choice('persona', id, m, 'valueTier', VALUE_TIERS, 'medium'),
      priority: r.choice('persona', id, m, 'priority', PERSONA_PRIORITIES, 'standard'),
      order: r.order('persona', id, m),
    });
  }
  personas.sort(compareOrdered);
  const personaIds = new Set(personas.map((p) => p.id));

  const journeys: Journey[] = [];
  for (const [id, m] of r.entries('journeys')) {
    journeys.push({
      id,
      title: r.title('journey', id, m, 'Customer journey'),
      personaId: r.reference('journey', id, m, 'personaId', (ref) => personaIds.has(ref)),
      order: r.order('journey', id, m),
    });
  }
  journeys.sort(compareOrdered);
  const journeyIndex = byIndex(journeys);

  const states: JourneyState[] = [];
  for (const [id, m] of r.entries('states')) {
    const journeyId = stringField(m, 'journeyId');
    if (!journeyIndex.has(journeyId)) {
      r.skip('state', id, `journey "${journeyId}" does not exist`);
      continue;
    }
    const derivedFrom = nullableString(m, 'derivedFrom');
    states.push({
      id,
      journeyId,
      kind: r.choice('state', id, m, 'kind', STATE_KINDS, derivedFrom ? 'future' : 'current'),
      title: r.title('state', id, m, derivedFrom ? 'Future state' : 'Current state'),
      derivedFrom,
      createdAt: numberField(m, 'createdAt') ?? 0,
      order: r.order('state', id, m),
    });
  }
  const stateKey = (s: JourneyState) => [journeyIndex.get(s.journeyId) ?? 0, s.order, s.id];
  states.sort((a, b) => compareTuples(stateKey(a), stateKey(b)));
  const stateIndex = byIndex(states);

  const readAxis = <T extends Stage | Lane>(
    name: 'stages' | 'lanes',
    build: (id: string, m: EntityMap, stateId: string) => T,
  ): T[] => {
    const items: T[] = [];
    for (const [id, m] of r.entries(name)) {
      const stateId = stringField(m, 'stateId');
      if (!stateIndex.has(stateId)) {
        r.skip(ENTITY_NAMES[name], id, `state "${stateId}" does not exist`);
        continue;
      }
      items.push(build(id, m, stateId));
    }
    const key = (item: T) => [stateIndex.get(item.stateId) ?? 0, item.order, item.id];
    return items.sort((a, b) => compareTuples(key(a), key(b)));
  };
  const stages = readAxis<Stage>('stages', (id, m, stateId) => ({
    id,
    stateId,
    title: r.title('stage', id, m, 'Untitled stage'),
    order: r.order('stage', id, m),
    derivedFrom: nullableString(m, 'derivedFrom'),
  }));
  const lanes = readAxis<Lane>('lanes', (id, m, stateId) => ({
    id,
    stateId,
    kind: r.choice('lane', id, m, 'kind', LANE_KINDS, 'custom'),
    title: r.title('lane', id, m, 'Untitled lane'),
    order: r.order('lane', id, m),
    derivedFrom: nullableString(m, 'derivedFrom'),
  }));
  const stageById = new Map(stages.map((s) => [s.id, s]));
  const laneById = new Map(lanes.map((l) => [l.id, l]));
  const stageIndex = byIndex(stages);
  const laneIndex = byIndex(lanes);

  const reasons = readReasons(r);
  const reasonIds = new Set(reasons.map((reason) => reason.id));

  const cards: Card[] = [];
  for (const [id, m] of r.entries('cards')) {
    const card = guarded(
      r,
      `card ${id}`,
      () => readCard(r, id, m, stageById, laneById, personaIds, reasonIds),
      null,
    );
    if (card) cards.push(card);
  }
  const cardKey = (c: Card) => [
    stateIndex.get(c.stateId) ?? 0,
    stageIndex.get(c.stageId) ?? 0,
    laneIndex.get(c.laneId) ?? 0,
    c.order,
    c.id,
  ];
  cards.sort((a, b) => compareTuples(cardKey(a), cardKey(b)));
  const cardById = new Map(cards.map((c) => [c.id, c]));

  const edges: Edge[] = [];
  for (const [id, m] of r.entries('edges')) {
    const from = cardById.get(stringField(m, 'from'));
    const to = cardById.get(stringField(m, 'to'));
    if (!from || !to) {
      r.skip('edge', id, 'connects a card that does not exist');
      continue;
    }
    if (from.stateId !== to.stateId || from.id === to.id) {
      r.skip('edge', id, 'connects cards of different states, or a card to itself');
      continue;
    }
    edges.push({
      id,
      stateId: from.stateId,
      from: from.id,
      to: to.id,
      kind: r.choice('edge', id, m, 'kind', EDGE_KINDS, 'flow'),
      label: r.text('edge', id, m, 'label', '', LIMITS.title),
      derivedFrom: nullableString(m, 'derivedFrom'),
    });
  }
  const edgeKey = (e: Edge) => [stateIndex.get(e.stateId) ?? 0, e.id];
  edges.sort((a, b) => compareTuples(edgeKey(a), edgeKey(b)));

  const opportunities: Opportunity[] = [];
  for (const [id, m] of r.entries('opportunities')) {
    const links = setField(m, 'frictionIds');
    const frictionIds = Array.from(links?.keys() ?? []).filter((cardId) => {
      if (cardById.has(cardId)) return true;
      r.repair('opportunity', id, `link to missing card "${cardId}" dropped`);
      return false;
    });
    opportunities.push({
      id,
      journeyId: r.reference('opportunity', id, m, 'journeyId', (ref) => journeyIndex.has(ref)),
      title: r.title('opportunity', id, m, 'Untitled opportunity'),
      description: r.text('opportunity', id, m, 'description', '', LIMITS.longText),
      impact: r.bounded('opportunity', id, m, 'impact', SCORE_MIN, SCORE_MAX, true) ?? 3,
      effort: r.bounded('opportunity', id, m, 'effort', SCORE_MIN, SCORE_MAX, true) ?? 3,
      owner: r.text('opportunity', id, m, 'owner', '', LIMITS.title),
      horizon: r.choice('opportunity', id, m, 'horizon', HORIZONS, 'next'),
      status: r.choice('opportunity', id, m, 'status', OPPORTUNITY_STATUSES, 'idea'),
      frictionIds: frictionIds.sort(),
      order: r.order('opportunity', id, m),
    });
  }
  opportunities.sort(compareOrdered);

  const metrics: StageMetric[] = [];
  for (const [id, m] of r.entries('metrics')) {
    const stageId = stringField(m, 'stageId');
    if (!stageById.has(stageId)) {
      r.skip('metric', id, `stage "${stageId}" does not exist`);
      continue;
    }
    const current = m.get('current');
    const target = m.get('target');
    if (
      (current !== undefined && current !== null && numberField(m, 'current') === null) ||
      (target !== undefined && target !== null && numberField(m, 'target') === null)
    ) {
      r.repair('metric', id, 'a value is not a number');
    }
    metrics.push({
      id,
      stageId,
      name: r.choice('metric', id, m, 'name', METRIC_NAMES, 'custom'),
      label: r.text('metric', id, m, 'label', '', 60),
      current: numberField(m, 'current'),
      target: numberField(m, 'target'),
    });
  }
  // Within a stage: NPS, CSAT, CES, then custom metrics by label, as people read them in the header.
  const metricKey = (mt: StageMetric) => [
    stageIndex.get(mt.stageId) ?? 0,
    METRIC_NAMES.indexOf(mt.name),
    mt.label,
    mt.id,
  ];
  metrics.sort((a, b) => compareTuples(metricKey(a), metricKey(b)));

  const edgeIds = new Set(edges.map((e) => e.id));
  const opportunityIds = new Set(opportunities.map((o) => o.id));
  const knownIds = (type: string, id: string): boolean => {
    switch (type) {
      case 'board':
        return true;
      case 'card':
        return cardById.has(id);
      case 'stage':
        return stageById.has(id);
      case 'lane':
        return laneById.has(id);
      case 'edge':
        return edgeIds.has(id);
      case 'persona':
        return personaIds.has(id);
      case 'opportunity':
        return opportunityIds.has(id);
      default:
        return false;
    }
  };
  const comments = readComments(r, knownIds);
  const votes = readVotes(
    r,
    (id) =>
      knownIds('card', id) ||
      knownIds('stage', id) ||
      knownIds('lane', id) ||
      knownIds('opportunity', id) ||
      knownIds('persona', id) ||
      knownIds('edge', id),
  );

  const voteSessions = readVoteSessions(r, (id) => stateIndex.has(id));
  const emotionRatings = readRatings(r, (id) => cardById.has(id));
  const timer = guarded(r, 'timer', () => readTimer(r), null);
  const settings = { scoring: guarded(r, 'settings', () => readScoring(r), DEFAULT_SCORING) };

  r.repairs.sort((a, b) => compareTuples([a.entity, a.id, a.problem], [b.entity, b.id, b.problem]));
  return {
    meta,
    principles,
    personas,
    journeys,
    states,
    stages,
    lanes,
    cards,
    edges,
    opportunities,
    metrics,
    reasons,
    comments,
    votes,
    voteSessions,
    emotionRatings,
    timer,
    settings,
    repairs: r.repairs,
  };
}

/** Runs one entity's read; should anything unforeseen throw, the entity is skipped, never the board. */
function guarded<T>(r: Reader, what: string, read: () => T, fallback: T): T {
  try {
    return read();
  } catch (error) {
    r.skip(what, what, `unreadable: ${error instanceof Error ? error.message : String(error)}`);
    return fallback;
  }
}

function readCard(
  r: Reader,
  id: string,
  m: EntityMap,
  stageById: Map<string, Stage>,
  laneById: Map<string, Lane>,
  personaIds: Set<string>,
  reasonIds: Set<string>,
): Card | null {
  const stage = stageById.get(stringField(m, 'stageId'));
  const lane = laneById.get(stringField(m, 'laneId'));
  if (!stage || !lane) {
    r.skip('card', id, `its ${stage ? 'lane' : 'stage'} does not exist`);
    return null;
  }
  if (stage.stateId !== lane.stateId) {
    r.skip('card', id, 'its stage and lane belong to different states');
    return null;
  }
  if (stringField(m, 'stateId') !== stage.stateId) r.repair('card', id, 'state did not match its stage');
  const count = r.bounded('card', id, m, F.frequencyCount, 0, LIMITS.maxFrequencyCount, false);
  const period = r.optionalChoice('card', id, m, F.frequencyPeriod, FREQUENCY_PERIODS);
  if ((count === null) !== (period === null))
    r.repair('card', id, 'frequency needs both a count and a period');
  const friction: Friction = {
    severity: r.bounded('card', id, m, F.severity, SEVERITY_MIN, SEVERITY_MAX, true),
    frequency: count !== null && period !== null ? { count, period } : null,
    segmentId: r.reference('card', id, m, F.segmentId, (ref) => personaIds.has(ref)),
    rootCause: r.text('card', id, m, F.rootCause, '', LIMITS.shortText),
    ownerTeam: r.text('card', id, m, F.ownerTeam, '', LIMITS.title),
    epic: r.optionalChoice('card', id, m, F.epic, EPIC_DIMENSIONS),
  };
  const notes = textField(m, 'notes');
  const tags = setField(m, 'reasonIds');
  const reasonTags = Array.from(tags?.keys() ?? []).filter((reasonId) => {
    if (reasonIds.has(reasonId)) return true;
    r.repair('card', id, `tag of missing reason "${reasonId}" dropped`);
    return false;
  });
  const channel = m.get('channel');
  if (channel !== undefined && channel !== null && typeof channel !== 'string')
    r.repair('card', id, 'channel is not text');
  return {
    id,
    stateId: stage.stateId,
    stageId: stage.id,
    laneId: lane.id,
    order: r.order('card', id, m),
    text: r.text('card', id, m, 'text', '', LIMITS.cardText),
    kind: r.choice('card', id, m, 'kind', CARD_KINDS, CARD_KIND_FOR_LANE[lane.kind]),
    channel: typeof channel === 'string' && channel.trim() !== '' ? channel.slice(0, LIMITS.channel) : null,
    emotion: r.bounded('card', id, m, 'emotion', EMOTION_MIN, EMOTION_MAX, true),
    owner: r.text('card', id, m, 'owner', '', LIMITS.title),
    evidence: r.text('card', id, m, 'evidence', '', LIMITS.shortText),
    evidenceSource: r.optionalChoice('card', id, m, 'evidenceSource', EVIDENCE_SOURCES),
    confidence: r.optionalChoice('card', id, m, 'confidence', CONFIDENCE_LEVELS),
    friction,
    notes: notes ? notes.toString() : typeof m.get('notes') === 'string' ? (m.get('notes') as string) : '',
    reasonIds: reasonTags.sort(),
    priority: r.bounded('card', id, m, 'priority', 1, LIMITS.maxPriority, true),
    derivedFrom: nullableString(m, 'derivedFrom'),
  };
}

/** Primary reasons in order, each followed by its secondary reasons in order. */
function readReasons(r: Reader): InteractionReason[] {
  const all: InteractionReason[] = [];
  for (const [id, m] of r.entries('reasons')) {
    all.push({
      id,
      title: r.title('reason', id, m, 'Untitled reason'),
      parentId: nullableString(m, 'parentId'),
      order: r.order('reason', id, m),
    });
  }
  const primaries = all.filter((reason) => reason.parentId === null).sort(compareOrdered);
  const primaryIds = new Set(primaries.map((p) => p.id));
  const result: InteractionReason[] = [];
  for (const primary of primaries) {
    result.push(primary, ...all.filter((reason) => reason.parentId === primary.id).sort(compareOrdered));
  }
  for (const reason of all) {
    if (reason.parentId !== null && !primaryIds.has(reason.parentId)) {
      r.skip('reason', reason.id, `parent "${reason.parentId}" is not a primary reason`);
    }
  }
  return result;
}

function readComments(r: Reader, targetExists: (type: string, id: string) => boolean): Comment[] {
  const all: Comment[] = [];
  for (const [id, m] of r.entries('comments')) {
    const targetType = oneOf(m, 'targetType', COMMENT_TARGETS);
    const targetId = stringField(m, 'targetId');
    if (!targetType || !targetExists(targetType, targetId)) {
      r.skip('comment', id, `its target ${targetType ?? '?'} "${targetId}" does not exist`);
      continue;
    }
    const text = r.text('comment', id, m, 'text', '', LIMITS.longText);
    all.push({
      id,
      targetType,
      targetId,
      parentId: nullableString(m, 'parentId'),
      author: {
        id: stringField(m, 'authorId', 'unknown'),
        name: stringField(m, 'authorName', 'Someone'),
      },
      text,
      createdAt: numberField(m, 'createdAt') ?? 0,
      resolved: m.get('resolved') === true,
    });
  }
  const roots = new Map(all.filter((c) => c.parentId === null).map((c) => [c.id, c]));
  const comments = all.filter((c) => {
    if (c.parentId === null) return true;
    const root = roots.get(c.parentId);
    if (root && root.targetId === c.targetId) return true;
    r.skip('comment', c.id, `reply to missing thread "${c.parentId}"`);
    return false;
  });
  return comments.sort((a, b) => compareTuples([a.createdAt, a.id], [b.createdAt, b.id]));
}

function readVotes(r: Reader, targetExists: (id: string) => boolean): Vote[] {
  const votes: Vote[] = [];
  for (const [key, value] of votesMap(r.doc).entries()) {
    const parts = key.split(VOTE_KEY_SEPARATOR);
    const [sessionId, targetId, userId] = parts;
    if (parts.length !== 3 || !sessionId || !targetId || !userId) {
      r.skip('vote', key, 'malformed vote key');
      continue;
    }
    if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0 || value > LIMITS.maxDots) {
      r.skip('vote', key, `dots ${String(value)} is not a whole number from 1 to ${LIMITS.maxDots}`);
      continue;
    }
    if (!targetExists(targetId)) {
      r.skip('vote', key, `target "${targetId}" does not exist`);
      continue;
    }
    votes.push({ sessionId, targetId, userId, dots: value });
  }
  return votes.sort((a, b) =>
    compareTuples([a.sessionId, a.targetId, a.userId], [b.sessionId, b.targetId, b.userId]),
  );
}

function readVoteSessions(r: Reader, stateExists: (id: string) => boolean): VoteSession[] {
  const sessions: VoteSession[] = [];
  for (const [id, m] of r.entries('voteSessions')) {
    const stateId = stringField(m, 'stateId');
    if (!stateExists(stateId)) {
      r.skip('vote session', id, `state "${stateId}" does not exist`);
      continue;
    }
    sessions.push({
      id,
      stateId,
      title: r.title('vote session', id, m, 'Dot vote'),
      scope: r.choice('vote session', id, m, 'scope', VOTE_SCOPES, 'board'),
      dotsPerPerson: r.bounded('vote session', id, m, 'dotsPerPerson', 1, LIMITS.maxDots, true) ?? 3,
      status: r.choice('vote session', id, m, 'status', VOTE_SESSION_STATUSES, 'ended'),
      startedBy: r.text('vote session', id, m, 'startedBy', '', 80),
      startedAt: numberField(m, 'startedAt') ?? 0,
      endedAt: numberField(m, 'endedAt'),
    });
  }
  return sessions.sort((a, b) => compareTuples([a.startedAt, a.id], [b.startedAt, b.id]));
}

function readRatings(r: Reader, cardExists: (id: string) => boolean): EmotionRating[] {
  const ratings: EmotionRating[] = [];
  for (const [key, value] of ratingsMap(r.doc).entries()) {
    const parts = key.split(VOTE_KEY_SEPARATOR);
    const [cardId, userId] = parts;
    if (parts.length !== 2 || !cardId || !userId) {
      r.skip('rating', key, 'malformed rating key');
      continue;
    }
    if (typeof value !== 'number' || !Number.isInteger(value) || value < EMOTION_MIN || value > EMOTION_MAX) {
      r.skip(
        'rating',
        key,
        `score ${String(value)} is not a whole number from ${EMOTION_MIN} to ${EMOTION_MAX}`,
      );
      continue;
    }
    if (!cardExists(cardId)) {
      r.skip('rating', key, `card "${cardId}" does not exist`);
      continue;
    }
    ratings.push({ cardId, userId, score: value });
  }
  return ratings.sort((a, b) => compareTuples([a.cardId, a.userId], [b.cardId, b.userId]));
}

function readTimer(r: Reader): WorkshopTimer | null {
  const timer = timerMap(r.doc);
  if (timer.size === 0) return null;
  const durationMs = numberField(timer, 'durationMs');
  if (durationMs === null || durationMs <= 0) {
    r.skip('timer', 'timer', 'no duration');
    return null;
  }
  const remainingMs = numberField(timer, 'remainingMs');
  return {
    label: stringField(timer, 'label').slice(0, 80),
    durationMs: Math.min(durationMs, LIMITS.maxTimerMs),
    endsAt: numberField(timer, 'endsAt'),
    remainingMs: Math.min(Math.max(0, remainingMs ?? durationMs), LIMITS.maxTimerMs),
    startedBy: stringField(timer, 'startedBy').slice(0, 80),
  };
}

/** The board's scoring settings over the defaults; a bad value keeps its default and is reported. */
function readScoring(r: Reader): ScoringSettings {
  const settings = settingsMap(r.doc);
  const weight = (key: string, fallback: number): number => {
    const value = settings.get(key);
    if (value === undefined) return fallback;
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= LIMITS.maxWeight)
      return value;
    r.repair('settings', key, `weight ${String(value)} is not a number from 0 to ${LIMITS.maxWeight}`);
    return fallback;
  };
  const period = settings.get(SETTING_KEYS.period);
  const validPeriod = (FREQUENCY_PERIODS as readonly unknown[]).includes(period);
  if (period !== undefined && !validPeriod)
    r.repair('settings', SETTING_KEYS.period, 'not a frequency period');
  const tierWeights = { ...DEFAULT_SCORING.tierWeights };
  for (const tier of VALUE_TIERS) tierWeights[tier] = weight(SETTING_KEYS.tier(tier), tierWeights[tier]);
  const priorityWeights = { ...DEFAULT_SCORING.priorityWeights };
  for (const p of PERSONA_PRIORITIES)
    priorityWeights[p] = weight(SETTING_KEYS.priority(p), priorityWeights[p]);
  return {
    period: validPeriod ? (period as FrequencyPeriod) : DEFAULT_SCORING.period,
    tierWeights,
    priorityWeights,
    unknownSegmentWeight: weight(SETTING_KEYS.unknownSegment, DEFAULT_SCORING.unknownSegmentWeight),
  };
}

/**
 * A snapshot with only some cards read again: the rest of `previous` is kept,
 * object for object, so views re-render just what changed. For transactions that
 * changed existing cards' fields and nothing else (see changedCardIds).
 */
export function patchCards(doc: Y.Doc, previous: BoardSnapshot, cardIds: ReadonlySet<string>): BoardSnapshot {
  const r = new Reader(doc);
  const stageById = new Map(previous.stages.map((s) => [s.id, s]));
  const laneById = new Map(previous.lanes.map((l) => [l.id, l]));
  const personaIds = new Set(previous.personas.map((p) => p.id));
  const reasonIds = new Set(previous.reasons.map((reason) => reason.id));
  const collectionMap = doc.getMap('cards');
  const fresh = new Map<string, Card | null>();
  for (const id of cardIds) {
    const value = collectionMap.get(id);
    fresh.set(
      id,
      value instanceof Y.Map
        ? guarded(
            r,
            `card ${id}`,
            () => readCard(r, id, value as EntityMap, stageById, laneById, personaIds, reasonIds),
            null,
          )
        : null,
    );
  }
  const kept = previous.cards.filter((card) => !cardIds.has(card.id));
  const cards = [...kept, ...Array.from(fresh.values()).filter((c): c is Card => c !== null)];
  const stateIndex = byIndex(previous.states);
  const stageIndex = byIndex(previous.stages);
  const laneIndex = byIndex(previous.lanes);
  const cardKey = (c: Card) => [
    stateIndex.get(c.stateId) ?? 0,
    stageIndex.get(c.stageId) ?? 0,
    laneIndex.get(c.laneId) ?? 0,
    c.order,
    c.id,
  ];
  cards.sort((a, b) => compareTuples(cardKey(a), cardKey(b)));
  const repairs = [
    ...previous.repairs.filter((repair) => !(repair.entity === 'card' && cardIds.has(repair.id))),
    ...r.repairs,
  ].sort((a, b) => compareTuples([a.entity, a.id, a.problem], [b.entity, b.id, b.problem]));
  return { ...previous, cards, repairs };
}
