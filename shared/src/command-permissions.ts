/**
 * What each command changes, in the words of the permission table, so the app can
 * tell before it runs a command whether the server would take the change, and show
 * only what a person may do. The rules themselves are the declarations' (entities/),
 * read by `allows` as the server reads them (update-check.ts); this file says only
 * which parts a command writes.
 */
import {
  ENTITIES,
  type EntityCollection,
  type FieldSpec,
  SINGLETONS,
  type Singletons,
} from './entities/index.js';
import type { CommandName, ParsedInput } from './inputs.js';
import { schemas } from './inputs.js';
import type { BoardSnapshot } from './model.js';
import { type Actor, allows, SINGLETON_WORDS, snapshotOwner, UNDECLARED } from './permissions.js';

/** One part of the board a command writes. */
export type Touch =
  /** A new entity; `owner` is the person it is written under (an owned part's owner key). */
  | { kind: 'create'; collection: EntityCollection; owner?: string | null; fields?: readonly string[] }
  /** Fields (by their snapshot names) of an entity; a missing entity is the command's own error. */
  | { kind: 'edit'; collection: EntityCollection; id: string; fields: readonly string[] }
  | { kind: 'remove'; collection: EntityCollection; id: string }
  | { kind: 'singleton'; part: keyof Singletons }
  | { kind: 'settings' }
  /** A person's own keyed entry (a vote, a rating), under `owner`. */
  | { kind: 'personal'; part: 'votes' | 'emotionRatings'; owner: string; sessionId?: string };

type Touches = { [C in CommandName]: (input: ParsedInput<C>, board: BoardSnapshot) => Touch[] };

const edit = (collection: EntityCollection, id: string, fields: readonly string[]): Touch[] => [
  { kind: 'edit', collection, id, fields },
];
const create = (collection: EntityCollection): Touch[] => [{ kind: 'create', collection }];
const remove = (collection: EntityCollection, id: string): Touch[] => [{ kind: 'remove', collection, id }];
/** The fields an input sets, by name (its id and placement aside). */
const fieldsOf = (input: object, ...not: string[]) =>
  Object.keys(input).filter((key) => !['id', 'index', ...not].includes(key));

const TOUCHES: Touches = {
  createBoard: () => [{ kind: 'singleton', part: 'meta' }],
  setTitle: () => [{ kind: 'singleton', part: 'meta' }],
  setObjective: () => [{ kind: 'singleton', part: 'meta' }],
  setVision: () => [{ kind: 'singleton', part: 'meta' }],
  addPrinciple: () => create('principles'),
  updatePrinciple: ({ id }) => edit('principles', id, ['text']),
  removePrinciple: ({ id }) => remove('principles', id),
  addPersona: () => create('personas'),
  updatePersona: (input) => edit('personas', input.id, fieldsOf(input)),
  removePersona: ({ id }) => remove('personas', id),
  addJourney: () => create('journeys'),
  updateJourney: (input) => edit('journeys', input.id, fieldsOf(input)),
  removeJourney: ({ id }) => remove('journeys', id),
  forkState: () => create('states'),
  renameState: ({ id }) => edit('states', id, ['title']),
  removeState: ({ id }) => remove('states', id),
  addStage: () => create('stages'),
  renameStage: ({ id }) => edit('stages', id, ['title']),
  moveStage: ({ id }) => edit('stages', id, ['order']),
  removeStage: ({ id }) => remove('stages', id),
  addLane: () => create('lanes'),
  renameLane: ({ id }) => edit('lanes', id, ['title']),
  updateLane: (input) => edit('lanes', input.id, fieldsOf(input)),
  moveLane: ({ id }) => edit('lanes', id, ['order']),
  removeLane: ({ id }) => remove('lanes', id),
  addCard: (input) => [
    { kind: 'create', collection: 'cards', owner: input.authorId, fields: fieldsOf(input, 'authorId') },
  ],
  updateCard: (input) => edit('cards', input.id, fieldsOf(input)),
  moveCard: ({ id }) => edit('cards', id, ['stageId', 'laneId', 'order']),
  removeCard: ({ id }) => remove('cards', id),
  connect: () => create('edges'),
  disconnect: ({ id }) => remove('edges', id),
  pasteCards: ({ cards, authorId }) =>
    cards.map((): Touch => ({ kind: 'create', collection: 'cards', owner: authorId })),
  deleteSelection: ({ cardIds, edgeIds }) => [
    ...cardIds.flatMap((id) => remove('cards', id)),
    ...edgeIds.flatMap((id) => remove('edges', id)),
  ],
  addOpportunity: () => create('opportunities'),
  updateOpportunity: (input) => edit('opportunities', input.id, fieldsOf(input)),
  removeOpportunity: ({ id }) => remove('opportunities', id),
  linkFriction: ({ opportunityId }) => edit('opportunities', opportunityId, ['frictionIds']),
  unlinkFriction: ({ opportunityId }) => edit('opportunities', opportunityId, ['frictionIds']),
  setMetric: () => create('metrics'),
  removeMetric: ({ id }) => remove('metrics', id),
  setSlide: ({ key, ...fields }, board) =>
    board.slides.some((s) => s.id === key) ? edit('slides', key, fieldsOf(fields)) : create('slides'),
  importContacts: () => [...create('sources'), ...create('volumes'), ...create('reasons')],
  importSurvey: () => [...create('sources'), ...create('readings'), ...create('metrics')],
  removeSource: ({ id }) => remove('sources', id),
  addReason: () => create('reasons'),
  renameReason: ({ id }) => edit('reasons', id, ['title']),
  removeReason: ({ id }) => remove('reasons', id),
  tagReason: ({ cardId }) => edit('cards', cardId, ['reasonIds']),
  comment: ({ author }) => [{ kind: 'create', collection: 'comments', owner: author.id }],
  editComment: ({ id }) => edit('comments', id, ['text']),
  resolveComment: ({ id }, board) => {
    const target = board.comments.find((c) => c.id === id);
    return edit('comments', target?.parentId ?? id, ['resolved']);
  },
  removeComment: ({ id }) => remove('comments', id),
  setScoring: () => [{ kind: 'settings' }],
  startVoteSession: () => create('voteSessions'),
  endVoteSession: ({ id }) => edit('voteSessions', id, ['status', 'endedAt']),
  applyVotePriorities: ({ sessionId }) => [
    ...edit('voteSessions', sessionId, []),
    { kind: 'edit', collection: 'cards', id: '', fields: ['priority'] },
  ],
  startTimer: () => [{ kind: 'singleton', part: 'timer' }],
  pauseTimer: () => [{ kind: 'singleton', part: 'timer' }],
  resumeTimer: () => [{ kind: 'singleton', part: 'timer' }],
  stopTimer: () => [{ kind: 'singleton', part: 'timer' }],
  lockStructure: () => [{ kind: 'singleton', part: 'facilitation' }],
  startRound: () => [{ kind: 'singleton', part: 'facilitation' }],
  revealRound: () => [{ kind: 'singleton', part: 'facilitation' }],
  rateEmotion: ({ userId }) => [{ kind: 'personal', part: 'emotionRatings', owner: userId }],
  vote: ({ userId, sessionId }) => [{ kind: 'personal', part: 'votes', owner: userId, sessionId }],
};

/**
 * Why the server would refuse `command` with `input` from `actor` on `board`, or
 * null when it would take it. An input the command itself refuses is left to the
 * command (null here), so its own error names the bad field.
 */
export function commandRefusal<C extends CommandName>(
  command: C,
  input: unknown,
  board: BoardSnapshot,
  actor: Actor,
): string | null {
  const parsed = schemas[command].safeParse(input);
  if (!parsed.success) return null;
  const touches = (TOUCHES[command] as (input: unknown, board: BoardSnapshot) => Touch[])(parsed.data, board);
  for (const touch of touches) {
    const refusal = touchRefusal(touch, board, actor);
    if (refusal) return refusal;
  }
  return null;
}

/**
 * Why the server would refuse one change (what the app asks to show or hide an
 * affordance: may this person rename this stage, remove this card?), or null.
 */
export function touchRefusal(touch: Touch, board: BoardSnapshot, actor: Actor): string | null {
  const locked = board.facilitation.structureLocked;
  switch (touch.kind) {
    case 'settings':
      return allows(UNDECLARED, actor) ? null : 'only editors change the scoring settings';
    case 'singleton': {
      const { write, name } = SINGLETONS[touch.part];
      return allows(write, actor) ? null : `only ${write.role}s change the ${SINGLETON_WORDS[name] ?? name}`;
    }
    case 'personal': {
      if (actor.participantId === null) return 'join with your name to take part';
      if (touch.owner !== actor.participantId) return 'you can only act under your own name';
      if (actor.role === 'viewer') return 'viewers watch; they do not vote or rate';
      if (touch.part === 'votes') {
        const session = board.voteSessions.find((s) => s.id === touch.sessionId);
        if (session?.status !== 'open') return 'this voting session has ended';
      }
      return null;
    }
    case 'create': {
      const declaration = ENTITIES[touch.collection];
      const ownerRule = declaration.write.own;
      if (
        ownerRule &&
        touch.owner !== undefined &&
        touch.owner !== null &&
        touch.owner !== actor.participantId
      ) {
        return `a ${declaration.name} is written under your own name`;
      }
      const owner = ownerRule ? (touch.owner ?? null) : undefined;
      if (!allows(declaration.write, actor, { ownerId: owner, locked })) {
        return ownerRule &&
          actor.participantId === null &&
          allows({ ...declaration.write, role: ownerRule.by }, actor)
          ? 'join with your name to add this'
          : refusalOf(declaration.write, declaration.name, locked);
      }
      for (const field of touch.fields ?? []) {
        const rule = fieldRule(touch.collection, field);
        if (rule && !allows(rule, actor, { ownerId: owner, locked }))
          return `only ${rule.role}s set the ${field}`;
      }
      return null;
    }
    case 'edit':
    case 'remove': {
      const declaration = ENTITIES[touch.collection];
      const found = entityIn(board[touch.collection] as ReadonlyArray<{ id: string }>, touch.id);
      // The command reports what is missing; a cross-entity edit (priorities) names no one entity.
      const owner = found ? snapshotOwner(declaration, found) : undefined;
      const fields = touch.kind === 'edit' && touch.fields.length > 0 ? touch.fields : [null];
      for (const field of fields) {
        const rule = (field && fieldRule(touch.collection, field)) || declaration.write;
        if (!allows(rule, actor, { ownerId: owner, locked })) {
          return declaration.write.own && owner !== undefined && rule === declaration.write
            ? `only its author or an ${rule.role} changes this ${declaration.name}`
            : refusalOf(rule, declaration.name, locked);
        }
      }
      return null;
    }
  }
}

/**
 * Each list of a board snapshot by id, made the first time a list is asked of (snapshots
 * are never changed in place; a change makes new lists). The canvas asks for every card
 * of a board whenever the board changes, and finding each in the list was quadratic: a
 * remote drop on a 2,000-card board spent tens of milliseconds here.
 */
const indexes = new WeakMap<ReadonlyArray<{ id: string }>, ReadonlyMap<string, { id: string }>>();

function entityIn(list: ReadonlyArray<{ id: string }>, id: string): { id: string } | undefined {
  let index = indexes.get(list);
  if (!index) {
    const byId = new Map<string, { id: string }>();
    // The first of an id wins, as a search of the list would find it.
    for (const entity of list) if (!byId.has(entity.id)) byId.set(entity.id, entity);
    index = byId;
    indexes.set(list, index);
  }
  return index.get(id);
}

function fieldRule(collection: EntityCollection, field: string) {
  const fields: Readonly<Record<string, FieldSpec>> = ENTITIES[collection].fields;
  return fields[field]?.write;
}

function refusalOf(rule: { role: string; whenLocked?: string }, name: string, locked: boolean): string {
  if (locked && rule.whenLocked) return `the structure is locked: only ${rule.whenLocked}s change ${name}s`;
  return `only ${rule.role}s change ${name}s`;
}
