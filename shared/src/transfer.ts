/**
 * The board file: a versioned JSON format for export, backup and import. An
 * export is readBoard's snapshot (minus repairs) in an envelope; an import checks
 * the whole file first (its size, shape, ranges, references) and refuses it with
 * its first problems and a count of the rest, or writes it into an empty document
 * in one transaction.
 */
import type * as Y from 'yjs';
import { hasBoard } from './commands/board.js';
import { IMPORT_LIMITS } from './contract/limits.js';
import {
  COMMENT_TARGET_COLLECTIONS,
  ENTITIES,
  ENTITY_COLLECTIONS,
  ENTRIES,
  type Entities,
  type EntityCollection,
  type Fields,
  fileSchemaOf,
  fileSchemaOfFields,
  SINGLETONS,
  type SnapshotOf,
} from './entities/index.js';
import { BoardCommandError, BoardImportError, ProblemList } from './errors.js';
import { type JsonBounds, jsonBoundsProblem } from './json-bounds.js';
import {
  type BoardSnapshot,
  type Comment,
  DEFAULT_SCORING,
  FREQUENCY_PERIODS,
  LIMITS,
  PERSONA_PRIORITIES,
  SCHEMA_VERSION,
  VALUE_TIERS,
} from './model.js';
import { ORIGINS, type TransactionOrigin } from './origins.js';
import { readBoard } from './read.js';
import { putEntry, putFromSnapshot, putSingleton, SETTING_KEYS, settingsMap, visionText } from './schema.js';
import { z } from './validation.js';

export const BOARD_FILE_FORMAT = 'journeyboard.board';
export const BOARD_FILE_VERSION = 1;

const weight = z.number().check(z.minimum(0), z.maximum(LIMITS.maxWeight));

/** Every list's item schema and length bounds: a file is checked item by item (see checkBoard). */
const LIST_ITEMS = new WeakMap<z.ZodMiniType, { item: z.ZodMiniType; min: number; max: number }>();
function listed<S extends z.ZodMiniType>(schema: S, item: z.ZodMiniType, min: number, max: number): S {
  LIST_ITEMS.set(schema, { item, min, max });
  return schema;
}
/** A list a file may leave out. */
const many = <T extends z.ZodMiniType>(item: T, max: number = IMPORT_LIMITS.other) =>
  listed(z._default(z.array(item).check(z.maxLength(max)), []), item, 0, max);
/** A list a board cannot be without. */
const some = <T extends z.ZodMiniType>(item: T) =>
  listed(z.array(item).check(z.minLength(1), z.maxLength(IMPORT_LIMITS.other)), item, 1, IMPORT_LIMITS.other);

/** The board file's lists of keyed entries (votes, emotion ratings). */
const ENTRY_LISTS = Object.keys(ENTRIES) as Array<keyof typeof ENTRIES>;

/** How a file holds one entity of a collection, as its declaration says. */
const entity = <C extends keyof Entities>(name: C): z.ZodMiniType<SnapshotOf<Entities[C]>> =>
  fileSchemaOf(ENTITIES[name]);

const boardSchema = z.object({
  meta: fileSchemaOfFields(SINGLETONS.meta),
  principles: many(entity('principles')),
  personas: many(entity('personas')),
  journeys: some(entity('journeys')),
  states: some(entity('states')),
  stages: many(entity('stages')),
  lanes: many(entity('lanes')),
  cards: many(entity('cards'), IMPORT_LIMITS.cards),
  edges: many(entity('edges'), IMPORT_LIMITS.cards),
  opportunities: many(entity('opportunities')),
  metrics: many(entity('metrics')),
  reasons: many(entity('reasons')),
  comments: many(entity('comments'), IMPORT_LIMITS.cards),
  votes: many(fileSchemaOfFields(ENTRIES.votes), IMPORT_LIMITS.cards),
  voteSessions: many(entity('voteSessions')),
  emotionRatings: many(fileSchemaOfFields(ENTRIES.emotionRatings), IMPORT_LIMITS.cards),
  slides: many(entity('slides')),
  sources: many(entity('sources')),
  volumes: many(entity('volumes'), LIMITS.maxVolumes),
  readings: many(entity('readings'), LIMITS.maxReadings),
  timer: z._default(z.nullable(fileSchemaOfFields(SINGLETONS.timer)), null),
  settings: z._default(
    z.object({
      scoring: z.object({
        period: z.enum(FREQUENCY_PERIODS),
        tierWeights: z.record(z.enum(VALUE_TIERS), weight),
        priorityWeights: z.record(z.enum(PERSONA_PRIORITIES), weight),
        unknownSegmentWeight: weight,
      }),
    }),
    { scoring: DEFAULT_SCORING },
  ),
});

const envelopeSchema = z.object({
  format: z.literal(BOARD_FILE_FORMAT),
  formatVersion: z.literal(BOARD_FILE_VERSION),
  schemaVersion: z.int().check(z.minimum(1)),
  exportedAt: z.string(),
});

export const boardFileSchema = z.extend(envelopeSchema, { board: boardSchema });

export type BoardFile = z.output<typeof boardFileSchema>;
export type BoardFileContent = BoardFile['board'];

/** The board as a versioned, self-describing JSON object. */
export function exportBoardJson(doc: Y.Doc, now: Date = new Date()): BoardFile {
  return boardFileOf(readBoard(doc), now);
}

/** The board file of a snapshot already read (exports that also draw the board read it once). */
export function boardFileOf(snapshot: BoardSnapshot, now: Date = new Date()): BoardFile {
  // The facilitator's controls belong to the live room, not to a copy of the board.
  const { repairs: _, facilitation: __, ...board } = snapshot;
  return {
    format: BOARD_FILE_FORMAT,
    formatVersion: BOARD_FILE_VERSION,
    schemaVersion: SCHEMA_VERSION,
    exportedAt: now.toISOString(),
    board,
  };
}

function pathOf(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>(
    (acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)),
    '',
  );
}

type Item = Readonly<Record<string, unknown>>;
const NONE: ReadonlySet<string> = new Set();

/**
 * Every reference in the file must land on an entity of the right kind: each ref
 * and id set its declaration names (entities/), but loose ones, then the rules no
 * field can say (a reason's parent is a primary one; a comment's target is of the
 * kind its targetType names). Ids are unique within their collection.
 */
function checkReferences(board: BoardFileContent, problems: ProblemList): void {
  const found = {} as Record<EntityCollection, Map<string, Item>>;
  for (const name of ENTITY_COLLECTIONS) {
    const items = new Map<string, Item>();
    board[name].forEach((item, i) => {
      if (items.has(item.id)) problems.add(`board.${name}[${i}].id: duplicate id "${item.id}"`);
      items.set(item.id, item);
    });
    found[name] = items;
  }
  const missing = (path: string, kind: string, ref: string) => problems.add(`${path}: no ${kind} "${ref}"`);
  /** `implied`: refs that others are `within` (a card's state), checked by theirs ("no stage in state"). */
  const check = (
    fields: Fields,
    values: Item,
    item: Item,
    at: string,
    implied: ReadonlySet<string> = NONE,
  ) => {
    for (const [key, field] of Object.entries(fields)) {
      if (implied.has(key)) continue;
      const value = values[key];
      const path = `${at}.${key}`;
      if (field.kind === 'group' && value) check(field.fields, value as Item, item, path);
      if (field.kind === 'idSet') {
        (value as string[]).forEach((ref, k) => {
          if (!found[field.to].has(ref)) missing(`${path}[${k}]`, ENTITIES[field.to].name, ref);
        });
      }
      if (field.kind !== 'ref' || !field.to || field.loose || typeof value !== 'string') continue;
      const target = found[field.to].get(value);
      const kind = ENTITIES[field.to].name;
      const { within } = field;
      if (within && target?.[within] !== item[within]) {
        problems.add(`${path}: no ${kind} "${value}" in ${within.replace(/Id$/, '')} "${item[within]}"`);
      } else if (!target) missing(path, kind, value);
    }
  };
  const lists = [
    ...ENTITY_COLLECTIONS.map((name) => [name, ENTITIES[name].fields] as const),
    ...ENTRY_LISTS.map((name) => [name, ENTRIES[name].fields] as const),
  ];
  const rules: Partial<Record<string, (item: Item, at: string) => void>> = {
    reasons: ({ parentId }, at) => {
      if (typeof parentId === 'string' && found.reasons.get(parentId)?.parentId != null)
        problems.add(`${at}.parentId: "${parentId}" is itself a secondary reason`);
    },
    comments: (comment, at) => {
      const { targetType, targetId } = comment as unknown as Comment;
      const target = COMMENT_TARGET_COLLECTIONS[targetType];
      if (target !== null && !found[target].has(targetId)) missing(`${at}.targetId`, targetType, targetId);
    },
  };
  for (const [name, fields] of lists) {
    const implied = withins(fields);
    (board[name] as Item[]).forEach((item, i) => {
      const at = `board.${name}[${i}]`;
      check(fields, item, item, at, implied);
      rules[name]?.(item, at);
    });
  }
}

/** The fields of an entity that some ref of it is `within`. */
function withins(fields: Fields): ReadonlySet<string> {
  return new Set(
    Object.values(fields).flatMap((field) => (field.kind === 'ref' && field.within ? [field.within] : [])),
  );
}

/**
 * Bounds on a board file's text, checked before it is parsed. A full 20,000-card
 * board file holds about 560,000 values, nests 6 deep, names about 100 different
 * fields, and its longest list is its cards.
 */
export const BOARD_FILE_BOUNDS: JsonBounds = {
  maxValues: 1_000_000,
  maxMembers: IMPORT_LIMITS.cards,
  maxDepth: 32,
  maxNames: 1_000,
};

function reportIssues(issues: readonly z.core.$ZodIssue[], at: PropertyKey[], problems: ProblemList): void {
  for (const issue of issues) problems.add(`${pathOf([...at, ...issue.path]) || '(file)'}: ${issue.message}`);
}

/**
 * The board part of a file, checked list item by list item so that a file of
 * thousands of broken items costs what one broken item costs, and the check stops
 * once the file has been refused many times over. Null when there were problems.
 */
function checkBoard(input: unknown, problems: ProblemList): BoardFileContent | null {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    reportIssues(boardSchema.safeParse(input).error?.issues ?? [], ['board'], problems);
    return null;
  }
  const board: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(boardSchema.shape)) {
    if (problems.full) return null;
    const value = (input as Record<string, unknown>)[key];
    const list = LIST_ITEMS.get(schema);
    if (list && Array.isArray(value) && value.length >= list.min && value.length <= list.max) {
      const items: unknown[] = [];
      for (let i = 0; i < value.length && !problems.full; i++) {
        const result = list.item.safeParse(value[i]);
        if (result.success) items.push(result.data);
        else reportIssues(result.error.issues, ['board', key, i], problems);
      }
      board[key] = items;
      continue;
    }
    // Anything else is small once the text is within BOARD_FILE_BOUNDS (a list of the wrong length is one problem).
    const result = schema.safeParse(value);
    if (result.success) board[key] = result.data;
    else reportIssues(result.error.issues, ['board', key], problems);
  }
  return problems.count === 0 ? (board as BoardFileContent) : null;
}

/**
 * Checks a board file (a parsed object or its JSON text) and returns it typed, or
 * throws BoardImportError with the first problems found and how many more there are.
 */
export function parseBoardJson(input: unknown): BoardFile {
  let value = input;
  if (typeof input === 'string') {
    const tooBig = jsonBoundsProblem(input, BOARD_FILE_BOUNDS);
    if (tooBig) throw new BoardImportError([tooBig]);
    try {
      value = JSON.parse(input);
    } catch (error) {
      throw new BoardImportError([`not JSON: ${error instanceof Error ? error.message : String(error)}`]);
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new BoardImportError(['expected a JSON object with "format": "journeyboard.board"']);
  }
  const envelope = value as Record<string, unknown>;
  if (envelope.format !== BOARD_FILE_FORMAT) {
    throw new BoardImportError([
      `format: not a Journeyboard board file (expected "format": "${BOARD_FILE_FORMAT}", found ${JSON.stringify(envelope.format) ?? 'nothing'})`,
    ]);
  }
  if (typeof envelope.formatVersion === 'number' && envelope.formatVersion > BOARD_FILE_VERSION) {
    throw new BoardImportError([
      `formatVersion: made by a newer Journeyboard (format version ${envelope.formatVersion}; this one reads ${BOARD_FILE_VERSION})`,
    ]);
  }
  const problems = new ProblemList();
  const head = envelopeSchema.safeParse(envelope);
  if (!head.success) reportIssues(head.error.issues, [], problems);
  const board = checkBoard(envelope.board, problems);
  if (!head.success || !board) throw problems.error();
  checkReferences(board, problems);
  if (problems.count > 0) throw problems.error();
  return { ...head.data, board };
}

/**
 * Loads a board file into an empty document in one transaction, keeping every id
 * and order key, so readBoard of the result equals the exported snapshot.
 */
export function importBoardJson(
  doc: Y.Doc,
  input: unknown,
  origin: TransactionOrigin = ORIGINS.import,
): BoardFile {
  const file = parseBoardJson(input);
  if (hasBoard(doc)) {
    throw new BoardCommandError('conflict', 'importBoardJson', '', 'import goes into an empty document');
  }
  doc.transact(() => writeBoard(doc, file.board), origin);
  return file;
}

function writeBoard(doc: Y.Doc, board: BoardFileContent): void {
  // The file's schema version is what it was exported at; the document is written at this one.
  putSingleton(doc, SINGLETONS.meta, { ...board.meta, schemaVersion: SCHEMA_VERSION });
  if (board.meta.vision) visionText(doc).insert(0, board.meta.vision);
  for (const name of ENTITY_COLLECTIONS) {
    for (const { id, ...fields } of board[name]) putFromSnapshot(doc, name, id, fields);
  }
  for (const name of ENTRY_LISTS) {
    for (const item of board[name]) putEntry(doc, ENTRIES[name], item);
  }
  if (board.timer) putSingleton(doc, SINGLETONS.timer, board.timer);
  const { scoring } = board.settings;
  const settings = settingsMap(doc);
  settings.set(SETTING_KEYS.period, scoring.period);
  for (const [tier, w] of Object.entries(scoring.tierWeights)) settings.set(SETTING_KEYS.tier(tier), w);
  for (const [p, w] of Object.entries(scoring.priorityWeights)) settings.set(SETTING_KEYS.priority(p), w);
  settings.set(SETTING_KEYS.unknownSegment, scoring.unknownSegmentWeight);
}
