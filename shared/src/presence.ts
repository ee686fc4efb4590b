/**
 * Presence: what each person in a room shows the others over awareness (never the
 * document): name and colour, cursor, selection, the card being dragged, the
 * viewport others can follow, a "come here" call, and the slide of the story this
 * person is presenting (others follow it). The server keeps only what
 * this schema accepts, field by field, before it relays anyone's presence, and the
 * app reads others' presence through the same schema: a colour is `#rrggbb` or
 * nothing, so no participant can slip `url(...)` into everyone's CSS.
 */
import { DISPLAY_NAME_MAX, SELECTION_MAX } from './contract/limits.js';
import { ID_PATTERN } from './ids.js';
import { z } from './validation.js';

const coordinate = z.number().check(z.minimum(-1e7), z.maximum(1e7));
const point = z.object({ x: coordinate, y: coordinate });
const viewport = z.object({
  x: coordinate,
  y: coordinate,
  zoom: z.number().check(z.minimum(0.01), z.maximum(100)),
});
const entityId = z.string().check(z.regex(ID_PATTERN));
/** The most drafts a person's count in presence may say (a private round's notes, kept in their browser). */
export const PRESENCE_DRAFTS_MAX = 500;
/** The highest slide index presence may name: far past the deck of the biggest board a server exports. */
export const PRESENCE_SLIDE_MAX = 100_000;

const presenceFields = {
  cursor: z.nullable(point),
  selection: z.array(entityId).check(z.maxLength(SELECTION_MAX)),
  drag: z.nullable(z.object({ id: entityId, x: coordinate, y: coordinate })),
  viewport: z.nullable(viewport),
  /** Set when this person asks everyone to come to their view. */
  summon: z.nullable(z.object({ at: z.int().check(z.minimum(0)), viewport })),
  /** How many notes this person has drafted in the private round: only the count, never the notes. */
  drafts: z.int().check(z.minimum(0), z.maximum(PRESENCE_DRAFTS_MAX)),
  /**
   * While this person presents the story: the slide on show (from 0), when they started,
   * and when they last asked everyone into it (owners and facilitators only, as summons).
   */
  presenting: z.nullable(
    z.object({
      slide: z.int().check(z.minimum(0), z.maximum(PRESENCE_SLIDE_MAX)),
      since: z.int().check(z.minimum(0)),
      everyone: z.optional(z.int().check(z.minimum(0))),
    }),
  ),
} as const;
const userFields = {
  name: z.string().check(z.maxLength(DISPLAY_NAME_MAX * 4)),
  color: z.string().check(z.regex(/^#[0-9a-fA-F]{6}$/)),
  /** Stamped by the server: the role of the person's link. */
  role: z.string().check(z.regex(/^[a-z]{1,20}$/)),
} as const;

type Fields<T extends Record<string, z.ZodMiniType>> = { -readonly [K in keyof T]: z.output<T[K]> };
export type PresenceUser = Partial<Fields<typeof userFields>>;
export type PresenceState = Omit<Fields<typeof presenceFields>, 'drafts' | 'presenting'> & {
  /** Sent only while a private round is drafting (so presence stays the same size otherwise). */
  drafts?: number;
  /** Sent once this person presents (null when they stop). */
  presenting?: Fields<typeof presenceFields>['presenting'];
  user: { name: string; color: string };
};
/** Presence as it arrives: any field may be missing. */
export type SanitizedPresence = Partial<Fields<typeof presenceFields>> & { user?: PresenceUser };

/** The fields of `fields` that `input` has and that pass, each on its own. */
function pick<T extends Record<string, z.ZodMiniType>>(
  fields: T,
  input: Record<string, unknown>,
): Partial<Fields<T>> {
  const kept: Partial<Fields<T>> = {};
  for (const key of Object.keys(fields) as Array<keyof T & string>) {
    if (!(key in input)) continue;
    const parsed = (fields[key] as z.ZodMiniType).safeParse(input[key]);
    if (parsed.success) kept[key] = parsed.data as Fields<T>[typeof key];
  }
  return kept;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * What the schema accepts of a presence state, field by field (unknown and invalid
 * fields are dropped; the rest kept), or null for a person who left (or sent no object).
 */
export function sanitizePresence(state: unknown): SanitizedPresence | null {
  if (!isRecord(state)) return null;
  const kept: SanitizedPresence = pick(presenceFields, state);
  if (isRecord(state.user)) kept.user = pick(userFields, state.user);
  return kept;
}

/** Link roles that may call everyone in the room to their view (the server drops anyone else's call). */
const SUMMONING_ROLES: ReadonlySet<string> = new Set(['owner', 'facilitator']);

export function canSummon(role: string): boolean {
  return SUMMONING_ROLES.has(role);
}

/** Characters that change nothing on screen (zero-width spaces and joiners, direction marks) and controls. */
const INVISIBLE = /[\p{Cf}\p{Cc}]/gu;

/**
 * A display name as a room shows it: compatibility-normalised (NFKC folds full-width
 * and other look-alike forms), invisible characters removed, whitespace collapsed,
 * at most DISPLAY_NAME_MAX characters.
 */
export function normaliseDisplayName(name: string): string {
  return Array.from(name.normalize('NFKC').replace(INVISIBLE, '').replace(/\s+/g, ' ').trim())
    .slice(0, DISPLAY_NAME_MAX)
    .join('')
    .trim();
}

/** Cyrillic and Greek letters drawn like Latin ones (each in LOOKS_LIKE), and the Latin letter they pass for. */
const LOOKS_LIKE = 'авсеёһіїјкмнорԛѕтухԁԝɡαβεηικνορτυχϲℓı';
const PASSES_FOR = 'abceehiijkmhopqstyxdwgabenikvoptuxcli';

/**
 * What two names are compared by when a room makes them unique: the normalised name,
 * lower-cased, without accents, with look-alike letters folded to the Latin they
 * imitate. "Alice", "ALICE", "Аlice" (Cyrillic А) and "Alice\u200b" are one name.
 */
export function displayNameSkeleton(name: string): string {
  return Array.from(
    normaliseDisplayName(name)
      .toLowerCase()
      .normalize('NFD')
      .replace(/\p{Mn}/gu, ''),
  )
    .map((ch) => {
      const at = LOOKS_LIKE.indexOf(ch);
      return at === -1 ? ch : (PASSES_FOR[at] as string);
    })
    .join('');
}
