/**
 * Who may change what, read from the write rules declared beside each part of the
 * board (entities/): one table, two readers. The server checks every incoming
 * update's paths with `partOf`, `allows` and `voteRefusal`
 * (server/src/sync/update-permissions.ts); the app checks a command before it runs
 * it (permissions-commands.ts), so an honest client never sends what the server
 * refuses, and hides what a role lacks.
 */
import type * as Y from 'yjs';
import { atLeast, type Role } from './contract/roles.js';
import {
  ENTITIES,
  ENTITY_COLLECTIONS,
  ENTRIES,
  type EntityCollection,
  type EntityDeclaration,
  type EntryDeclaration,
  memberKey,
  SINGLETONS,
  type SingletonDeclaration,
  storedFieldSpecs,
  type WriteRule,
  writeRule,
} from './entities/index.js';
import { stringField } from './fields.js';
import { type EntityMap, entity, facilitationMap, VOTE_KEY_SEPARATOR, votesMap } from './schema.js';

/** Who is writing: their link's role, and the identity their connection presented (null: none). */
export interface Actor {
  readonly role: Role;
  readonly participantId: string | null;
}

/** What a rule needs to know of what is written. */
export interface Subject {
  /** Whose it is, for a person-owned part: the owner key's value (null: nobody's, such as cards older than authorship). */
  readonly ownerId?: string | null;
  /** A facilitator has locked the board's structure. */
  readonly locked?: boolean;
}

/** Whether `actor` may write what `rule` guards. */
export function allows(rule: WriteRule, actor: Actor, subject: Subject = {}): boolean {
  const least = subject.locked && rule.whenLocked ? rule.whenLocked : rule.role;
  if (atLeast(actor.role, least)) return true;
  const own = rule.own;
  return (
    own !== undefined &&
    actor.participantId !== null &&
    subject.ownerId === actor.participantId &&
    atLeast(actor.role, own.by)
  );
}

/** A top-level type of the board document and the declaration that governs it. */
export type Part =
  | { kind: 'entity'; collection: EntityCollection; declaration: EntityDeclaration }
  | { kind: 'entry'; declaration: EntryDeclaration }
  | { kind: 'singleton'; declaration: SingletonDeclaration }
  /** Scoring settings: flat keys no declaration lists; editors write them. */
  | { kind: 'settings'; rule: WriteRule };

const PARTS = new Map<string, Part>([
  ...ENTITY_COLLECTIONS.map((collection): [string, Part] => [
    collection,
    { kind: 'entity', collection, declaration: ENTITIES[collection] },
  ]),
  ...Object.values(ENTRIES).map((declaration): [string, Part] => [
    declaration.map,
    { kind: 'entry', declaration },
  ]),
  ...Object.values(SINGLETONS).map((declaration): [string, Part] => [
    declaration.map,
    { kind: 'singleton', declaration },
  ]),
  // The vision is the meta's long text, kept in a Y.Text of its own.
  ['vision', { kind: 'singleton', declaration: SINGLETONS.meta }],
  ['settings', { kind: 'settings', rule: { role: 'editor' } }],
]);

/** The part a top-level type name is; undefined for a name the board does not have. */
export function partOf(root: string): Part | undefined {
  return PARTS.get(root);
}

/** Writes to anything the board does not declare: editors may, as before roles (a newer client's fields). */
export const UNDECLARED: WriteRule = { role: 'editor' };

/** The rule of a stored key of an entity or singleton; undeclared keys fall to UNDECLARED. */
export function keyRule(declaration: EntityDeclaration | SingletonDeclaration, key: string): WriteRule {
  return storedFieldSpecs(declaration.fields).has(key) ? writeRule(declaration, key) : UNDECLARED;
}

/** Whose a stored entity is, by its declaration's owner key; undefined when the part is not person-owned. */
export function storedOwner(declaration: EntityDeclaration, map: EntityMap): string | null | undefined {
  const key = declaration.write.own?.key;
  if (!key) return undefined;
  const owner = map.get(key);
  return typeof owner === 'string' ? owner : null;
}

/** Whose an entity read by readBoard is (its owner key may sit in a group: a comment's `author.id`). */
export function snapshotOwner(declaration: EntityDeclaration, item: object): string | null | undefined {
  const key = declaration.write.own?.key;
  if (!key) return undefined;
  const record = item as Record<string, unknown>;
  if (key in declaration.fields) return typeof record[key] === 'string' ? (record[key] as string) : null;
  for (const [name, field] of Object.entries(declaration.fields)) {
    if (field.kind !== 'group') continue;
    for (const member of Object.keys(field.fields)) {
      if (memberKey(name, field.prefixed, member) !== key) continue;
      const value = (record[name] as Record<string, unknown> | null | undefined)?.[member];
      return typeof value === 'string' ? value : null;
    }
  }
  return null;
}

/** How a refusal names each singleton part (its declared name is the reader's, for repair reports). */
export const SINGLETON_WORDS: Readonly<Record<string, string>> = {
  meta: "board's title, vision and objective",
  timer: 'workshop timer',
  facilitation: 'structure lock and private rounds',
};

/** Whether a facilitator has locked the board's structure. */
export function structureLocked(doc: Y.Doc): boolean {
  return facilitationMap(doc).get('structureLocked') === true;
}

/** A vote as the votes map keys it. */
export interface VoteEntry {
  sessionId: string;
  targetId: string;
  userId: string;
  dots: number;
}

export function parseVoteKey(key: string): Omit<VoteEntry, 'dots'> | null {
  const [sessionId, targetId, userId, ...rest] = key.split(VOTE_KEY_SEPARATOR);
  if (!sessionId || !targetId || !userId || rest.length > 0) return null;
  return { sessionId, targetId, userId };
}

/**
 * Why a vote may not be placed, or null: its session must be open, its target a card
 * in the session's scope, and the voter's dots in the session (`spentElsewhere` on
 * other targets, plus these) within the allowance. The vote command and the server's
 * check of raw updates both ask this.
 */
export function voteRefusal(doc: Y.Doc, vote: VoteEntry, spentElsewhere: number): string | null {
  const session = entity(doc, 'voteSessions', vote.sessionId);
  if (!session) return 'there is no such voting session';
  if (session.get('status') !== 'open') return 'this voting session has ended';
  const card = entity(doc, 'cards', vote.targetId);
  if (!card) return `card "${vote.targetId}" not found`;
  if (!inVoteScope(doc, session, card)) {
    return session.get('scope') === 'friction'
      ? 'this session votes on friction points only'
      : 'the card is not in the state being voted on';
  }
  const allowance =
    typeof session.get('dotsPerPerson') === 'number' ? Number(session.get('dotsPerPerson')) : 0;
  if (spentElsewhere + vote.dots > allowance) {
    return `each person has ${allowance} dots in this session; ${Math.max(0, allowance - spentElsewhere)} left`;
  }
  return null;
}

export function inVoteScope(doc: Y.Doc, session: EntityMap, card: EntityMap): boolean {
  if (stringField(card, 'stateId') !== stringField(session, 'stateId')) return false;
  if (session.get('scope') !== 'friction') return true;
  const lane = entity(doc, 'lanes', stringField(card, 'laneId'));
  // As isFrictionCard (friction.ts): by kind, by lane, or by a severity someone gave it.
  return (
    card.get('kind') === 'friction' ||
    typeof card.get('severity') === 'number' ||
    lane?.get('kind') === 'friction'
  );
}

/** The dots a person has placed in a session, leaving out the targets in `except` (being re-voted). */
export function dotsSpent(
  doc: Y.Doc,
  sessionId: string,
  userId: string,
  except: ReadonlySet<string> = new Set(),
): number {
  const prefix = `${sessionId}${VOTE_KEY_SEPARATOR}`;
  const suffix = `${VOTE_KEY_SEPARATOR}${userId}`;
  let spent = 0;
  // The server asks this for every vote it receives, so it walks the votes without an
  // iterator object per vote (forEach), and tells most keys (other people's, other
  // sessions') apart by their ends before it splits any.
  votesMap(doc).forEach((dots, key) => {
    if (typeof dots !== 'number' || !key.startsWith(prefix) || !key.endsWith(suffix)) return;
    const vote = parseVoteKey(key);
    if (vote?.sessionId === sessionId && vote.userId === userId && !except.has(vote.targetId)) spent += dots;
  });
  return spent;
}
