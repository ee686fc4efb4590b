/**
 * The parts of a board document that are not collections of entities, declared in
 * the same words (fields.ts): keyed entries, where one flat Y.Map holds a value
 * under a key made of several ids (votes, emotion ratings), and singletons, one
 * flat Y.Map of fields (the board's meta, the workshop timer). The board file and
 * the import's writing are derived from these, and so is the reader of entries,
 * as they are for entities.
 */
import { LIMITS } from '../contract/limits.js';
import type { Role } from '../contract/roles.js';
import {
  choice,
  type FieldSpec,
  type Fields,
  flag,
  notes,
  number,
  owned,
  ref,
  type Shape,
  text,
  timestamp,
  title,
  type WriteRule,
  type WriteRuleInput,
} from './fields.js';
import { EMOTION_MAX, EMOTION_MIN, ROUND_STATUSES } from './vocabulary.js';

/** Joins the parts of an entry's key; ids never hold it (see ID_PATTERN). */
export const ENTRY_KEY_SEPARATOR = '|';

/** An entry's value: one number (see entryValue). */
type ValueField = Extract<FieldSpec, { kind: 'number' }>;

export interface EntryDeclaration<K extends Fields = Fields, V extends Fields = Fields> {
  /** What one entry is called, in repair reports. */
  readonly name: string;
  /** The document's Y.Map that holds the entries. */
  readonly map: string;
  /** Who may write an entry: for a person-owned one, each person their own (see entry()). */
  readonly write: WriteRule;
  /** The key's parts, in the order the key joins them; each is a ref. */
  readonly key: K;
  /**
   * The key part that names the person an entry belongs to (for person-owned
   * write rules); entry() checks it is a part of the key.
   */
  readonly owner: string | null;
  /** The one value stored under the key, by the name the snapshot gives it. */
  readonly value: V;
  /** Key parts then value: an entry's snapshot fields (what writeRule and the file schema read). */
  readonly fields: K & V;
}

/**
 * A keyed part. A person-owned one (`owner` names the key part holding the person)
 * is written by each person under their own id only, from `by` up.
 */
export function entry<K extends Fields, V extends Fields>(
  name: string,
  map: string,
  parts: { key: K; value: V } & ({ owner: keyof K & string; by: Role } | { write: WriteRuleInput }),
): EntryDeclaration<K, V> {
  const { key, value } = parts;
  const owner = 'owner' in parts ? parts.owner : null;
  const write =
    'owner' in parts
      ? owned(parts.owner, parts.by, 'owner')
      : typeof parts.write === 'string'
        ? { role: parts.write }
        : parts.write;
  return { name, map, write, key, owner, value, fields: { ...key, ...value } };
}

/** An entry as readBoard returns it: its key parts, then its value. */
export type EntryOf<E> = E extends EntryDeclaration<infer K, infer V> ? Shape<K & V> : never;

/** The stored key of an entry. */
export function entryKey(declaration: EntryDeclaration, item: Readonly<Record<string, unknown>>): string {
  return Object.keys(declaration.key)
    .map((part) => String(item[part]))
    .join(ENTRY_KEY_SEPARATOR);
}

/** The name and field of an entry's value. */
export function entryValue(declaration: EntryDeclaration): [string, ValueField] {
  const [value, ...more] = Object.entries(declaration.value);
  if (!value || more.length > 0 || value[1].kind !== 'number')
    throw new Error(`${declaration.name} must declare one number as its value`);
  return value as [string, ValueField];
}

export interface SingletonDeclaration<F extends Fields = Fields> {
  /** What the part is called, in repair reports. */
  readonly name: string;
  /** The document's Y.Map that holds its fields, one flat key each. */
  readonly map: string;
  readonly write: WriteRule;
  readonly fields: F;
}

/** A singleton as readBoard returns it. */
export type SingletonOf<S> = S extends SingletonDeclaration<infer F> ? Shape<F> : never;

export function singleton<F extends Fields>(
  name: string,
  map: string,
  write: Role,
  fields: F,
): SingletonDeclaration<F> {
  return { name, map, write: { role: write }, fields };
}

/** Per-person counters, so concurrent voters never overwrite each other. */
const votes = entry('vote', 'votes', {
  key: {
    /** Removing a state takes its vote sessions but leaves votes on what outlives it (opportunities). */
    sessionId: ref('voteSessions', { loose: true }),
    /** A card or an opportunity, by the session's scope: its collection's reader checks it. */
    targetId: ref(null, { checked: true }),
    userId: ref(null),
  },
  owner: 'userId',
  by: 'participant',
  value: { dots: number({ min: 1, max: LIMITS.maxDots, integer: true }) },
});

/** Per-person emotion scores of a step, beside the card's agreed emotion. */
const ratings = entry('rating', 'ratings', {
  key: { cardId: ref('cards', { checked: true }), userId: ref(null) },
  owner: 'userId',
  by: 'participant',
  value: { score: number({ min: EMOTION_MIN, max: EMOTION_MAX, integer: true }) },
});

/** The board's title and what it was made from. */
const meta = singleton('meta', 'meta', 'editor', {
  title: title('Untitled board', { max: LIMITS.title }),
  schemaVersion: number({ integer: true }),
  createdAt: timestamp({ default: 0 }),
  template: text({ max: 100, default: '' }),
  /** Typed together, so stored as the document's own Y.Text 'vision', not in the meta map. */
  vision: notes(LIMITS.longText),
  objective: text({ max: LIMITS.shortText, default: '' }),
});

/** The workshop timer everyone sees; a facilitator's control. */
const timer = singleton('timer', 'timer', 'facilitator', {
  label: text({ max: 80 }),
  durationMs: number({ min: 1, max: LIMITS.maxTimerMs, integer: true }),
  endsAt: timestamp({ nullable: true }),
  remainingMs: number({ min: 0, max: LIMITS.maxTimerMs }),
  startedBy: text({ max: 80 }),
});

/**
 * What a facilitator runs the room with: the structure lock (stages and lanes stay
 * as they are while it is on, but for facilitators and owners) and the private
 * writing round, whose notes stay in each participant's browser until revealed.
 */
const facilitation = singleton('facilitation', 'facilitation', 'facilitator', {
  structureLocked: flag(),
  /** Each round has its own id, so drafts are committed once, for the round they were written in. */
  roundId: ref(null, { nullable: true }),
  roundStatus: choice(ROUND_STATUSES, { nullable: true }),
  /** Where the round's notes go: one stage, one lane, or (both null) any cell. */
  roundStageId: ref('stages', { nullable: true }),
  roundLaneId: ref('lanes', { nullable: true }),
  roundStartedBy: text({ max: 80, default: '' }),
  roundStartedAt: timestamp({ default: 0 }),
});

/** Every keyed part of the document, by the snapshot list it reads into. */
export const ENTRIES = { votes, emotionRatings: ratings } as const;

/** Every flat-map part of the document, by the snapshot field it reads into. */
export const SINGLETONS = { meta, timer, facilitation } as const;

export type Entries = typeof ENTRIES;
export type Singletons = typeof SINGLETONS;
