/**
 * The judge of the property test of the room's check (update-check-property.test.ts):
 * whether a change between two board snapshots is one the writer's role could have
 * made, written over readBoard's snapshots, independently of shared/src/update-check.ts.
 */
import {
  type Actor,
  type BoardSnapshot,
  ENTITY_COLLECTIONS,
  type EntityCollection,
  type Role,
} from '@journeyboard/shared';
import * as Y from 'yjs';

export type Item = Record<string, unknown> & { id?: string };
export const COLLECTIONS = ENTITY_COLLECTIONS;
export type Collection = EntityCollection;

/** JSON with object keys sorted, so two snapshots compare by content, not by the order a doc iterates. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as object).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

const byId = (list: readonly Item[]) => new Map(list.map((item) => [String(item.id), item]));
const entryKey = (item: Item) =>
  'sessionId' in item ? `${item.sessionId}|${item.targetId}|${item.userId}` : `${item.cardId}|${item.userId}`;
const byKey = (list: readonly Item[]) => new Map(list.map((item) => [entryKey(item), item]));

/** The snapshot without what the reader derives (its repair report), each list keyed, for comparing. */
export function comparable(board: BoardSnapshot): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(board)) {
    if (name === 'repairs') continue;
    out[name] = Array.isArray(value)
      ? canonical([...(value as Item[])].map((item) => [item.id ?? entryKey(item), item]).sort())
      : canonical(value);
  }
  return out;
}

/** The items of a collection that differ (added, changed or removed) between two snapshots. */
function changedIds(before: readonly Item[], after: readonly Item[]): string[] {
  const b = byId(before);
  const a = byId(after);
  const ids = new Set([...b.keys(), ...a.keys()]);
  return [...ids].filter((id) => canonical(b.get(id)) !== canonical(a.get(id)));
}

const atLeastEditor = (role: Role) => role === 'editor' || role === 'facilitator' || role === 'owner';
const authorOf = (item: Item | undefined): string | null => {
  if (!item) return null;
  const value = 'author' in item ? (item.author as { id?: unknown } | null)?.id : item.authorId;
  // The reader names a comment of nobody's 'unknown'.
  return typeof value === 'string' && !('author' in item && value === 'unknown') ? value : null;
};

/**
 * The author the server's doc holds for an entity (null: none), undefined when it holds no such
 * entity: an entity the reader skipped (a reply whose thread is gone) may show again.
 */
type StoredAuthor = (collection: 'cards' | 'comments', id: string) => string | null | undefined;

export function storedAuthors(doc: Y.Doc): StoredAuthor {
  return (collection, id) => {
    const map = doc.getMap<unknown>(collection).get(id);
    if (!(map instanceof Y.Map)) return undefined;
    const author = map.get('authorId');
    return typeof author === 'string' && !(collection === 'comments' && author === 'unknown') ? author : null;
  };
}

/**
 * Why the change from `before` to `after` is not one `actor` could have made, or
 * null: the permission table of issue #13, read over snapshots.
 */
export function oracleRefusal(
  before: BoardSnapshot,
  after: BoardSnapshot,
  actor: Actor,
  stored: StoredAuthor,
): string | null {
  const me = actor.participantId;
  const editor = atLeastEditor(actor.role);
  const facilitator = actor.role === 'facilitator' || actor.role === 'owner';
  const removedCards = new Set(
    before.cards.map((c) => c.id).filter((id) => !after.cards.some((c) => c.id === id)),
  );
  const bCards = byId(before.cards as unknown as Item[]);

  // Authorship: new cards and comments under one's own id (or none, for editors; or a copy's
  // original author). One written over another (a new map under its id) is its removal too.
  for (const collection of ['cards', 'comments'] as const) {
    const b = byId(before[collection] as unknown as Item[]);
    for (const item of after[collection] as unknown as Item[]) {
      const id = String(item.id);
      const previous = b.has(id) ? authorOf(b.get(id)) : stored(collection, id);
      const author = authorOf(item);
      if (previous !== undefined) {
        if (previous === author) continue;
        if (!editor && (me === null || previous !== me)) return `${collection} authorship changed`;
      }
      const copied =
        collection === 'cards' &&
        typeof item.derivedFrom === 'string' &&
        authorOf(bCards.get(item.derivedFrom)) === author;
      const allowed = (me !== null && author === me) || (editor && (author === null || copied));
      if (!allowed) return `new ${collection} under another's id (${author})`;
    }
  }

  // Votes and ratings: each person their own; another's go only with what they are on. A card
  // the writer changed, and could have removed and written again under its id (removeCard, then
  // addCard with that id), counts as gone.
  const aCards = byId(after.cards as unknown as Item[]);
  const rewritable = [...bCards.keys()].filter((id) => {
    const was = authorOf(bCards.get(id));
    if (canonical(bCards.get(id)) === canonical(aCards.get(id))) return false;
    const now = aCards.has(id) ? authorOf(aCards.get(id)) : undefined;
    const mayRemove = editor || (me !== null && was === me);
    return now === undefined || (mayRemove && ((me !== null && now === me) || (editor && now === null)));
  });
  const refusal = entriesRefusal(before, after, me, new Set(rewritable));
  if (refusal) return refusal;

  // What is read only with its state (its stages, lanes, vote sessions) goes with a removed state.
  const states = new Set(after.states.map((s) => s.id));
  const withState = (value: unknown) =>
    Array.isArray(value)
      ? (value as Item[]).filter((item) => !('stateId' in item) || states.has(String(item.stateId)))
      : value;
  const same = (name: keyof BoardSnapshot) =>
    canonical(withState(before[name])) === canonical(withState(after[name]));
  if (!facilitator) {
    for (const part of ['voteSessions', 'timer', 'facilitation'] as const)
      if (!same(part)) return `${part} are facilitators'`;
    if (before.facilitation.structureLocked)
      for (const part of ['stages', 'lanes'] as const) if (!same(part)) return `${part} are locked`;
  }
  if (editor) return null;

  // A participant: only their own cards and comments (and what goes with a removed card of theirs).
  for (const part of ['meta', 'settings'] as const) if (!same(part)) return `${part} are editors'`;
  for (const collection of COLLECTIONS) {
    if (collection === 'cards' || collection === 'comments') continue;
    const strip = (list: readonly Item[]) => alongWithCards(collection, list, removedCards);
    if (
      changedIds(
        strip(before[collection] as unknown as Item[]),
        strip(after[collection] as unknown as Item[]),
      ).length > 0
    )
      return `${collection} are editors'`;
  }
  for (const id of changedIds(before.cards as unknown as Item[], after.cards as unknown as Item[])) {
    const was = bCards.get(id);
    const now = aCards.get(id);
    if (me === null || authorOf(was ?? now) !== me) return 'another’s card';
    for (const field of ['priority', 'derivedFrom'])
      if (now && (was ? canonical(was[field]) !== canonical(now[field]) : now[field] !== null))
        return `a card's ${field} is editors'`;
  }
  const bComments = byId(before.comments as unknown as Item[]);
  const aComments = byId(after.comments as unknown as Item[]);
  const removedComments = new Set<string>();
  const changed = changedIds(before.comments as unknown as Item[], after.comments as unknown as Item[]);
  for (const id of changed) {
    const was = bComments.get(id);
    if (me !== null && authorOf(was ?? aComments.get(id)) === me) {
      if (!aComments.has(id)) removedComments.add(id);
      continue;
    }
    if (!was || aComments.has(id)) return 'another’s comment';
  }
  // Another's comment goes only with a removed card of the writer's, or with the thread it replies to.
  for (let round = 0; round < 3; round++)
    for (const id of changed) {
      const was = bComments.get(id);
      if (!was || aComments.has(id)) continue;
      if (was.targetType === 'card' && removedCards.has(String(was.targetId))) removedComments.add(id);
      // A reply is read only beside its thread: it goes when the writer removes or moves their own.
      const thread = String(was.parentId);
      if (removedComments.has(thread) || (changed.includes(thread) && authorOf(bComments.get(thread)) === me))
        removedComments.add(id);
    }
  for (const id of changed)
    if (!aComments.has(id) && !removedComments.has(id)) return 'another’s comment removed';
  return null;
}

/** A collection's items as they would be had nothing gone along with the removed cards. */
function alongWithCards(collection: Collection, list: readonly Item[], removed: ReadonlySet<string>): Item[] {
  if (collection === 'edges')
    return list.filter((e) => !removed.has(String(e.from)) && !removed.has(String(e.to)));
  if (collection === 'opportunities')
    return list.map((o) => ({
      ...o,
      frictionIds: (o.frictionIds as string[]).filter((id) => !removed.has(id)),
    }));
  return [...list];
}

function entriesRefusal(
  before: BoardSnapshot,
  after: BoardSnapshot,
  me: string | null,
  goneCards: ReadonlySet<string>,
): string | null {
  const sessions = byId(before.voteSessions as unknown as Item[]);
  const sessionsAfter = byId(after.voteSessions as unknown as Item[]);
  const bCards = byId(before.cards as unknown as Item[]);
  const lanes = byId(before.lanes as unknown as Item[]);
  for (const part of ['votes', 'emotionRatings'] as const) {
    const b = byKey(before[part] as unknown as Item[]);
    const a = byKey(after[part] as unknown as Item[]);
    for (const key of new Set([...b.keys(), ...a.keys()])) {
      const was = b.get(key);
      const now = a.get(key);
      if (canonical(was) === canonical(now)) continue;
      const entry = (now ?? was) as Item;
      const target = String(entry.targetId ?? entry.cardId);
      const sessionId = typeof entry.sessionId === 'string' ? entry.sessionId : null;
      const along = goneCards.has(target) || (sessionId !== null && !sessionsAfter.has(sessionId));
      if (entry.userId !== me || me === null) {
        if (now || !along) return `another's ${part}`;
        continue;
      }
      if (sessionId === null) {
        if (now && !bCards.has(target)) return 'a rating of a card that is not there';
        continue;
      }
      const session = sessions.get(sessionId);
      if (session?.status !== 'open') {
        if (now || !along) return 'votes of an ended session';
        continue;
      }
      if (!now) continue;
      const card = bCards.get(target);
      if (!card || card.stateId !== session.stateId) return 'a vote out of scope';
      if (
        session.scope === 'friction' &&
        card.kind !== 'friction' &&
        lanes.get(String(card.laneId))?.kind !== 'friction'
      )
        return 'a vote on what is not friction';
      const spent = (after.votes as unknown as Item[])
        .filter((v) => v.sessionId === sessionId && v.userId === me)
        .reduce((sum, v) => sum + Number(v.dots), 0);
      if (spent > Number(session.dotsPerPerson)) return 'over the allowance';
    }
  }
  return null;
}

// ---------------------------------------------------------------- the attacks
