/**
 * Whether a connection may make the change an update makes, judged at the level of
 * the document: each path the update writes or deletes (server/src/sync/update-paths.ts) is held
 * against the write rules declared beside the entities (entities/), for
 * the connection's role and identity (permissions.ts). One path the
 * connection may not change refuses the whole update.
 *
 * - An entity written new (its map is in the update) must be the writer's to write:
 *   its owner key, when it has one, holds the writer's own participantId (an editor's
 *   copy of a stored entity, naming it as `derivedFrom`, keeps its original's author,
 *   as a forked state's cards do), and fields the writer may not set hold their
 *   defaults. A new map over a live entity is also
 *   that entity's removal.
 * - A stored entity's fields follow its rule for its stored owner; authorship never
 *   changes once written.
 * - A removal the writer may not make on its own is allowed when it goes with one
 *   they may make (a participant removing their card takes its comments, its edges and
 *   votes on it along), as the board's own commands do.
 * - Keyed entries (votes, ratings) are written only under the writer's own id; votes
 *   only in an open session, in scope and within the allowance; an ended session's
 *   votes stay as they are.
 *
 * Cost follows the update: each path is looked up once in the board (a map get), and
 * a vote reads the voter's other dots in its session from a tally kept beside the
 * board (VoteTally), not from a walk over every vote.
 */
import type * as Y from 'yjs';
import {
  ENTITIES,
  ENTRY_KEY_SEPARATOR,
  type EntityCollection,
  type EntityDeclaration,
  type EntryDeclaration,
  entryValue,
  type FieldSpec,
  storedFieldSpecs,
  type WriteRule,
} from './entities/index.js';
import {
  type Actor,
  allows,
  keyRule,
  parseVoteKey,
  partOf,
  SINGLETON_WORDS,
  storedOwner,
  structureLocked,
  UNDECLARED,
  voteRefusal,
} from './permissions.js';
import { entity, votesMap } from './schema.js';

export type Change = 'write' | 'delete';

/** What a write puts under a map key: a plain value, a new shared type, or something else (binary, a subdocument). */
export type Written = { kind: 'value'; value: unknown } | { kind: 'type' } | { kind: 'other' };

/** One place an update changes, as the server's reading of its structs found it (server/src/sync/update-paths.ts). */
export interface TouchedPath {
  /** Keys from the root down: the root's name, then each map key on the way (list positions have none). */
  readonly path: readonly string[];
  readonly change: Change;
  /**
   * How many keys of the path lead to a container the board holds already: what is
   * below it is new in this update. A new card's fields have 1 (`cards` is stored,
   * the card's map is new); an edit of a stored card's text has 2.
   */
  readonly storedDepth: number;
  /** A write under a map key: what it writes. */
  readonly written?: Written;
}

export interface UpdatePaths {
  touched: TouchedPath[];
  /** Structs whose place could not be told (a parent neither on the board nor in the update): Yjs would hold them back. */
  unplaced: number;
}

/** A removal allowed only along with another (see dependsOn). */
interface Dependant {
  /** The ids it names: it may go when one of them goes. */
  refs: string[];
  reason: string;
}

/** The paths of one entity an update touches. */
interface EntityTouches {
  collection: EntityCollection;
  id: string;
  /** Its map written new (a creation, or a replacement of the live one). */
  created: boolean;
  removed: boolean;
  /** Fields of the new map. */
  newFields: TouchedPath[];
  /** Fields of the stored map, written or deleted. */
  storedFields: TouchedPath[];
}

/** Why `actor` may not make the change `paths` describes, or null when they may. */
export function updateRefusal(doc: Y.Doc, paths: UpdatePaths, actor: Actor): string | null {
  return new Check(doc, actor).run(paths);
}

class Check {
  private readonly locked: boolean;
  private readonly entities = new Map<string, EntityTouches>();
  private readonly dependants: Dependant[] = [];
  /** Ids of the entities this update removes with the writer's right to. */
  private readonly removedIds = new Set<string>();
  private readonly votes = new Map<string, Array<{ key: string; dots: number | null }>>();

  constructor(
    private readonly doc: Y.Doc,
    private readonly actor: Actor,
  ) {
    this.locked = structureLocked(doc);
  }

  run(paths: UpdatePaths): string | null {
    // What Yjs would hold back for lack of a parent is not checkable: only editors'
    // updates may carry it (the room bounds what waits).
    if (paths.unplaced > 0 && !this.may(UNDECLARED))
      return 'update depends on changes this board does not have';
    for (const touched of paths.touched) {
      const refusal = this.path(touched);
      if (refusal) return refusal;
    }
    for (const touches of this.entities.values()) {
      const refusal = this.entity(touches);
      if (refusal) return refusal;
    }
    return this.votesRefusal() ?? this.dependantsRefusal();
  }

  private may(rule: WriteRule, ownerId?: string | null): boolean {
    return allows(rule, this.actor, { ownerId, locked: this.locked });
  }

  private path(touched: TouchedPath): string | null {
    const [root = '', key] = touched.path;
    const part = partOf(root);
    if (!part) return this.may(UNDECLARED) ? null : `only editors may write "${root}"`;
    switch (part.kind) {
      case 'settings':
        return this.may(part.rule) ? null : 'only editors change the scoring settings';
      case 'singleton': {
        const field = root === 'vision' ? 'vision' : key;
        const rule = field === undefined ? part.declaration.write : keyRule(part.declaration, field);
        return this.may(rule)
          ? null
          : `only ${rule.role}s change the ${SINGLETON_WORDS[part.declaration.name] ?? part.declaration.name}`;
      }
      case 'entry':
        return this.entry(part.declaration, touched);
      case 'entity': {
        if (key === undefined) return this.may(UNDECLARED) ? null : `only editors may write "${root}"`;
        const id = `${part.collection}\u0000${key}`;
        let touches = this.entities.get(id);
        if (!touches) {
          touches = {
            collection: part.collection,
            id: key,
            created: false,
            removed: false,
            newFields: [],
            storedFields: [],
          };
          this.entities.set(id, touches);
        }
        if (touched.path.length === 2) {
          if (touched.change === 'delete') touches.removed = true;
          else if (touched.written?.kind === 'type') touches.created = true;
          else if (!this.may(UNDECLARED)) return `a ${part.declaration.name} is a map`;
        } else if (touched.storedDepth < 2) touches.newFields.push(touched);
        else touches.storedFields.push(touched);
        return null;
      }
    }
  }

  private entity(touches: EntityTouches): string | null {
    const declaration: EntityDeclaration = ENTITIES[touches.collection];
    const stored = entity(this.doc, touches.collection, touches.id);
    const name = declaration.name;
    if (stored && (touches.removed || touches.created)) {
      const owner = storedOwner(declaration, stored);
      // One written over stays on the board under its id: what refers to it does not go with it.
      if (this.may(declaration.write, owner)) {
        if (!touches.created) this.removedIds.add(touches.id);
      } else
        this.dependants.push({
          refs: refsOf(declaration, stored),
          reason: `you may not remove this ${name}`,
        });
    }
    if (touches.created) {
      const refusal = this.creation(touches.collection, touches.newFields);
      if (refusal) return refusal;
    } else if (touches.newFields.length > 0 && !this.may(UNDECLARED)) {
      return `a ${name}'s fields belong in its map`;
    }
    // Removing an entity deletes its fields with it: that is the removal, judged above.
    if (touches.storedFields.length === 0 || touches.removed) return null;
    if (!stored) return this.may(UNDECLARED) ? null : `${name} "${touches.id}" not found`;
    const owner = storedOwner(declaration, stored);
    const ownerKey = declaration.write.own?.key;
    for (const touched of touches.storedFields) {
      const key = touched.path[2] as string;
      if (key === ownerKey) return `who wrote a ${name} does not change`;
      const field = storedFieldSpecs(declaration.fields).get(key);
      // An id leaving a set because what it names is removed with it (a card's links from opportunities).
      if (field?.kind === 'idSet' && touched.change === 'delete' && touched.path.length === 4) {
        if (this.may(keyRule(declaration, key), owner)) continue;
        this.dependants.push({
          refs: [touched.path[3] as string],
          reason: `you may not change this ${name}`,
        });
        continue;
      }
      if (!this.may(keyRule(declaration, key), owner)) return this.refusalFor(declaration, key, owner);
    }
    return null;
  }

  /** A new entity: whose it is, and that each field is the writer's to set. */
  private creation(collection: EntityCollection, fields: TouchedPath[]): string | null {
    const declaration: EntityDeclaration = ENTITIES[collection];
    const ownerKey = declaration.write.own?.key;
    let owner: string | null = null;
    for (const touched of fields) {
      // An author written and removed again leaves none: the map's other writes say whose it is.
      if (touched.path.length !== 3 || touched.path[2] !== ownerKey || touched.change === 'delete') continue;
      const value = touched.written?.kind === 'value' ? touched.written.value : undefined;
      // Written with no author: judged below, with a map that leaves the key out.
      if (value === null) continue;
      // A copy keeps its original's author (a forked state's cards): editors make copies.
      if (this.copiesAuthor(collection, fields, value)) {
        owner = value as string;
        continue;
      }
      if (value !== this.actor.participantId || this.actor.participantId === null)
        return this.underOwnId(declaration);
      owner = this.actor.participantId;
    }
    // No author, written as null or left out (an empty key is not stored): only for those who may write anyone's.
    if (ownerKey && owner === null && !this.may(declaration.write)) return this.underOwnId(declaration);
    if (!this.may(declaration.write, owner)) return this.refusalFor(declaration, null, owner);
    const specs = storedFieldSpecs(declaration.fields);
    for (const touched of fields) {
      const key = touched.path[2] as string;
      if (key === ownerKey) continue;
      const spec = specs.get(key);
      if (!spec) {
        if (this.may(UNDECLARED)) continue;
        return `a ${declaration.name} has no field "${key}"`;
      }
      if (this.may(keyRule(declaration, key), owner)) continue;
      // A new entity's fields the writer may not set may still hold their defaults.
      if (touched.path.length === 3 && holdsDefault(touched, spec)) continue;
      return this.refusalFor(declaration, key, owner);
    }
    return null;
  }

  private underOwnId(declaration: EntityDeclaration): string {
    return this.actor.participantId === null
      ? `connect with an identity to write a ${declaration.name}`
      : `a ${declaration.name} is written under your own id`;
  }

  /**
   * Whether a new entity written under `author` is an editor's copy of a stored one
   * of that author: its `derivedFrom`, written in the same map, names it.
   */
  private copiesAuthor(collection: EntityCollection, fields: TouchedPath[], author: unknown): boolean {
    const declaration: EntityDeclaration = ENTITIES[collection];
    if (typeof author !== 'string' || !this.may(declaration.write)) return false;
    const origin = fields.find((touched) => touched.path.length === 3 && touched.path[2] === 'derivedFrom');
    const originId = origin?.written?.kind === 'value' ? origin.written.value : undefined;
    // A map written over a stored entity naming itself is no copy: its original goes with this update.
    if (typeof originId !== 'string' || originId === origin?.path[1]) return false;
    const original = entity(this.doc, collection, originId);
    return original !== undefined && storedOwner(declaration, original) === author;
  }

  private refusalFor(
    declaration: EntityDeclaration,
    key: string | null,
    owner: string | null | undefined,
  ): string {
    const rule = key === null ? declaration.write : keyRule(declaration, key);
    const what = key === null ? `${declaration.name}s` : `a ${declaration.name}'s ${key}`;
    if (this.locked && rule.whenLocked)
      return `the structure is locked: only ${rule.whenLocked}s change ${what}`;
    if (rule.own && owner !== undefined && owner !== this.actor.participantId) {
      return `only its author or an ${rule.role} changes this ${declaration.name}`;
    }
    return `only ${rule.role}s change ${what}`;
  }

  private entry(declaration: EntryDeclaration, touched: TouchedPath): string | null {
    const key = touched.path[1];
    if (key === undefined || touched.path.length > 2) {
      return this.may(UNDECLARED) ? null : `a ${declaration.name} is a number under its key`;
    }
    const parts = Object.keys(declaration.key);
    const ids = key.split(ENTRY_KEY_SEPARATOR);
    if (ids.length !== parts.length || ids.some((id) => !id)) {
      return this.may(UNDECLARED) ? null : `malformed ${declaration.name} key`;
    }
    const owner = declaration.owner === null ? null : (ids[parts.indexOf(declaration.owner)] ?? null);
    const mine = owner !== null && owner === this.actor.participantId;
    const rule = declaration.write;
    const isVote = declaration.map === 'votes';
    if (touched.change === 'delete') {
      if (mine && this.may(rule, owner)) {
        if (isVote) this.noteVote(key, null);
        return null;
      }
      this.dependants.push({
        refs: ids,
        reason: `a ${declaration.name} is removed by the person who gave it`,
      });
      return null;
    }
    if (this.actor.participantId === null) return `connect with an identity to give a ${declaration.name}`;
    if (!mine) return `a ${declaration.name} is given under your own id`;
    if (!this.may(rule, owner)) return `only ${rule.own?.by ?? rule.role}s and up give a ${declaration.name}`;
    const [valueName, valueField] = entryValue(declaration);
    const value = touched.written?.kind === 'value' ? touched.written.value : undefined;
    if (!inBounds(valueField, value)) return `${valueName} must be a whole number within bounds`;
    if (isVote) {
      this.noteVote(key, value as number);
      return null;
    }
    // A rating: a person's own score for a card that exists.
    const cardId = ids[parts.indexOf('cardId')] ?? '';
    return entity(this.doc, 'cards', cardId) ? null : `card "${cardId}" not found`;
  }

  private noteVote(key: string, dots: number | null): void {
    const vote = parseVoteKey(key);
    if (!vote) return;
    const group = `${vote.sessionId}|${vote.userId}`;
    const list = this.votes.get(group) ?? [];
    // Deletions come after writes (updatePaths): one of a key written here is the old value it replaces.
    if (dots === null && list.some((vote) => vote.key === key)) return;
    list.push({ key, dots });
    this.votes.set(group, list);
  }

  /** Each voter's dots in each session, after the update, within the session's rules. */
  private votesRefusal(): string | null {
    for (const changes of this.votes.values()) {
      const latest = new Map(changes.map(({ key, dots }) => [key, dots]));
      const first = parseVoteKey(changes[0]?.key ?? '');
      if (!first) continue;
      const targets = new Set([...latest.keys()].map((key) => parseVoteKey(key)?.targetId ?? ''));
      let total = tallyOf(this.doc).spent(first.sessionId, first.userId, targets);
      for (const dots of latest.values()) total += dots ?? 0;
      for (const [key, dots] of latest) {
        const vote = parseVoteKey(key);
        if (!vote) continue;
        if (dots === null) {
          // Taking one's own dots back: only while the session is open.
          const session = entity(this.doc, 'voteSessions', vote.sessionId);
          if (session?.get('status') !== 'open' && !this.removedIds.has(vote.sessionId)) {
            if (!vote.targetId || !this.removedIds.has(vote.targetId)) return 'this voting session has ended';
          }
          continue;
        }
        const refusal = voteRefusal(this.doc, { ...vote, dots }, total - dots);
        if (refusal) return refusal;
      }
    }
    return null;
  }

  /** Removals that go along with one the writer may make; any other is refused. */
  private dependantsRefusal(): string | null {
    let pending = this.dependants;
    // A reply goes with its thread, which goes with its card: a few rounds settle it.
    for (let round = 0; round < 4 && pending.length > 0; round++) {
      const left = pending.filter((d) => !d.refs.some((id) => this.removedIds.has(id)));
      if (left.length === pending.length) break;
      pending = left;
    }
    return pending[0]?.reason ?? null;
  }
}

/**
 * Each voter's dots by session and target, kept beside a board's doc as its votes
 * change (an observer), so a vote is checked in the time of the voter's own votes
 * rather than the room's. Built on a doc's first vote check; the check runs between
 * transactions, when the tally is up to date.
 */
class VoteTally {
  private readonly byVoter = new Map<string, Map<string, number>>();

  constructor(doc: Y.Doc) {
    const votes = votesMap(doc);
    votes.forEach((dots, key) => {
      this.put(key, dots);
    });
    votes.observe((event) => {
      for (const key of event.keysChanged) this.put(key, votes.get(key));
    });
  }

  private put(key: string, dots: unknown): void {
    const vote = parseVoteKey(key);
    if (!vote) return;
    const voter = `${vote.sessionId}${ENTRY_KEY_SEPARATOR}${vote.userId}`;
    const targets = this.byVoter.get(voter) ?? new Map<string, number>();
    if (typeof dots === 'number') targets.set(vote.targetId, dots);
    else targets.delete(vote.targetId);
    if (targets.size > 0) this.byVoter.set(voter, targets);
    else this.byVoter.delete(voter);
  }

  /** What dotsSpent counts (permissions.ts), from the tally. */
  spent(sessionId: string, userId: string, except: ReadonlySet<string>): number {
    let spent = 0;
    const targets = this.byVoter.get(`${sessionId}${ENTRY_KEY_SEPARATOR}${userId}`);
    for (const [target, dots] of targets ?? []) if (!except.has(target)) spent += dots;
    return spent;
  }
}

const TALLIES = new WeakMap<Y.Doc, VoteTally>();

function tallyOf(doc: Y.Doc): VoteTally {
  let tally = TALLIES.get(doc);
  if (!tally) {
    tally = new VoteTally(doc);
    TALLIES.set(doc, tally);
  }
  return tally;
}

/** The ids a stored entity depends on: its references that are not mere origins (loose). */
function refsOf(declaration: EntityDeclaration, map: Y.Map<unknown>): string[] {
  const refs: string[] = [];
  for (const [key, spec] of storedFieldSpecs(declaration.fields)) {
    if (spec.kind !== 'ref' || spec.loose) continue;
    const value = map.get(key);
    if (typeof value === 'string') refs.push(value);
  }
  return refs;
}

function holdsDefault(touched: TouchedPath, spec: FieldSpec): boolean {
  if (touched.written?.kind !== 'value') return false;
  const fallback = 'default' in spec ? (spec.default ?? null) : null;
  return touched.written.value === fallback;
}

function inBounds(field: Extract<FieldSpec, { kind: 'number' }>, value: unknown): boolean {
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  if (field.integer && !Number.isInteger(value)) return false;
  return value >= (field.min ?? Number.NEGATIVE_INFINITY) && value <= (field.max ?? Number.POSITIVE_INFINITY);
}
