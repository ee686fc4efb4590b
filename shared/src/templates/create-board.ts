/**
 * Creating a board: its meta, then a template laid in through the ordinary
 * commands, all inside one transaction.
 */
import type * as Y from 'yjs';
import { addPersona, addPrinciple, hasBoard, setObjective, setVision } from '../commands/board.js';
import { addCard, connect, removeCard, updateCard } from '../commands/cards.js';
import { transact } from '../commands/context.js';
import { addOpportunity, addReason, setMetric, tagReason } from '../commands/planning.js';
import { addJourney, forkState } from '../commands/structure.js';
import { BoardCommandError } from '../errors.js';
import { type CommandInput, parseInput } from '../inputs.js';
import { SCHEMA_VERSION } from '../model.js';
import type { TransactionOrigin } from '../origins.js';
import { readBoard } from '../read.js';
import { metaMap } from '../schema.js';
import { findTemplate } from './index.js';
import type { BoardTemplate, TemplateCard, TemplateFriction } from './types.js';

/**
 * Creates a board in an empty document from a template (`blank-journey`,
 * `service-blueprint`, or a worked example; see TEMPLATES), in one transaction.
 */
export function createBoard(
  doc: Y.Doc,
  input: CommandInput<'createBoard'>,
  origin?: TransactionOrigin,
): void {
  const board = parseInput('createBoard', input);
  const template = findTemplate(board.template);
  if (!template) {
    throw new BoardCommandError(
      'invalid_input',
      'createBoard',
      'template',
      `unknown template "${board.template}"`,
    );
  }
  transact(doc, origin, () => {
    if (hasBoard(doc)) {
      throw new BoardCommandError('conflict', 'createBoard', '', 'this document already holds a board');
    }
    const meta = metaMap(doc);
    meta.set('schemaVersion', SCHEMA_VERSION);
    meta.set('title', board.title);
    meta.set('createdAt', board.createdAt ?? Date.now());
    meta.set('template', template.id);
    meta.set('objective', '');
    applyTemplate(doc, template);
  });
}

function lookup(keys: Map<string, string>, key: string, what: string, templateId: string): string {
  const id = keys.get(key);
  if (!id) throw new Error(`template ${templateId}: unknown ${what} key "${key}"`);
  return id;
}

/** Lays a template into a document that has board meta but no content yet. */
function applyTemplate(doc: Y.Doc, template: BoardTemplate): void {
  const personaIds = new Map<string, string>();
  const reasonIds = new Map<string, string>();
  const stageIds = new Map<string, string>();
  const laneIds = new Map<string, string>();
  const cardIds = new Map<string, string>();
  const ref = (keys: Map<string, string>, key: string, what: string) => lookup(keys, key, what, template.id);

  if (template.vision) setVision(doc, { vision: template.vision });
  if (template.objective) setObjective(doc, { objective: template.objective });
  for (const text of template.principles ?? []) addPrinciple(doc, { text });
  for (const persona of template.personas ?? []) {
    const { key, ...fields } = persona;
    personaIds.set(key, addPersona(doc, fields));
  }
  for (const primary of template.reasons ?? []) {
    const parentId = addReason(doc, { title: primary.title });
    if (primary.key) reasonIds.set(primary.key, parentId);
    for (const secondary of primary.secondary) {
      const id = addReason(doc, { title: secondary.title, parentId });
      if (secondary.key) reasonIds.set(secondary.key, id);
    }
  }

  const { journey } = template;
  const { journeyId, stateId } = addJourney(doc, {
    title: journey.title,
    personaId: journey.persona ? ref(personaIds, journey.persona, 'persona') : null,
    stages: journey.stages.map((s) => s.title),
    lanes: journey.lanes.map(({ kind, title }) => ({ kind, title })),
  });
  // addJourney lays stages and lanes out in the order given; match them back to their keys.
  const laidOut = readBoard(doc);
  const stages = laidOut.stages.filter((s) => s.stateId === stateId);
  const lanes = laidOut.lanes.filter((l) => l.stateId === stateId);
  for (const [i, stage] of journey.stages.entries()) stageIds.set(stage.key, stages[i]?.id ?? '');
  for (const [i, lane] of journey.lanes.entries()) laneIds.set(lane.key, lanes[i]?.id ?? '');

  const frictionInput = (friction: TemplateFriction | undefined) =>
    friction && {
      severity: friction.severity,
      frequency: friction.frequency,
      segmentId: friction.segment ? ref(personaIds, friction.segment, 'persona') : undefined,
      rootCause: friction.rootCause,
      ownerTeam: friction.ownerTeam,
      epic: friction.epic,
    };
  const placeCard = (card: TemplateCard, inStages: Map<string, string>, inLanes: Map<string, string>) => {
    const id = addCard(doc, {
      stageId: ref(inStages, card.stage, 'stage'),
      laneId: ref(inLanes, card.lane, 'lane'),
      text: card.text,
      kind: card.kind,
      channel: card.channel,
      emotion: card.emotion,
      owner: card.owner,
      evidence: card.evidence,
      evidenceSource: card.evidenceSource,
      confidence: card.confidence,
      friction: frictionInput(card.friction),
      notes: card.notes,
    });
    for (const reason of card.reasons ?? []) {
      tagReason(doc, { cardId: id, reasonId: ref(reasonIds, reason, 'reason') });
    }
    return id;
  };
  for (const card of journey.cards ?? []) {
    const id = placeCard(card, stageIds, laneIds);
    if (card.key) cardIds.set(card.key, id);
  }
  for (const edge of journey.edges ?? []) {
    connect(doc, {
      from: ref(cardIds, edge.from, 'card'),
      to: ref(cardIds, edge.to, 'card'),
      kind: edge.kind,
      label: edge.label,
    });
  }
  for (const metric of journey.metrics ?? []) {
    setMetric(doc, {
      stageId: ref(stageIds, metric.stage, 'stage'),
      name: metric.name,
      label: metric.label,
      current: metric.current ?? null,
      target: metric.target ?? null,
    });
  }
  for (const opportunity of template.opportunities ?? []) {
    const { friction, ...fields } = opportunity;
    addOpportunity(doc, {
      ...fields,
      journeyId,
      frictionIds: (friction ?? []).map((key) => ref(cardIds, key, 'card')),
    });
  }

  const future = template.futureState;
  if (!future) return;
  const futureStateId = forkState(doc, { stateId, title: future.title });
  const forked = readBoard(doc);
  const copyOf = new Map<string, string>();
  for (const entity of [...forked.stages, ...forked.lanes, ...forked.cards]) {
    if (entity.stateId === futureStateId && entity.derivedFrom) copyOf.set(entity.derivedFrom, entity.id);
  }
  const inFuture = (keys: Map<string, string>) =>
    new Map(Array.from(keys, ([key, id]) => [key, copyOf.get(id) ?? ''] as const));
  const futureCards = inFuture(cardIds);
  for (const key of future.remove ?? []) removeCard(doc, { id: ref(futureCards, key, 'card') });
  for (const change of future.update ?? []) {
    updateCard(doc, {
      id: ref(futureCards, change.card, 'card'),
      text: change.text,
      emotion: change.emotion,
      friction: frictionInput(change.friction),
    });
  }
  const futureStages = inFuture(stageIds);
  const futureLanes = inFuture(laneIds);
  for (const card of future.add ?? []) placeCard(card, futureStages, futureLanes);
}
