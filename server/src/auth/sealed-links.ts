/**
 * Share tokens at rest. The database keeps a token's SHA-256 hash, enough to tell
 * whose a presented token is and never enough to present one. A role still sees
 * the links of the roles below it (an owner all of them), so each lower role's
 * token is also kept sealed for each higher role: AES-256-GCM under a key derived
 * (HKDF-SHA256) from the higher role's token. A request bearing that token can
 * unseal them; a copy of the database alone opens nothing.
 */
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { ROLES, type Role } from '@journeyboard/shared';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** What the database keeps of a token. */
export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** Which box: a board, the role that may open it (holder) and the role whose token it holds. */
export interface SealSlot {
  boardId: string;
  holder: Role;
  role: Role;
}

function keyFor(holderToken: string, { boardId, holder, role }: SealSlot): Buffer {
  return Buffer.from(hkdfSync('sha256', holderToken, boardId, `journeyboard link ${holder}>${role}`, 32));
}

/** The slot is bound into the box too: a box moved to another slot does not open. */
const slotOf = ({ boardId, holder, role }: SealSlot) => Buffer.from(`${boardId}\n${holder}\n${role}`, 'utf8');

/** `token` sealed for whoever holds `holderToken`: iv, tag, ciphertext. */
export function seal(slot: SealSlot, holderToken: string, token: string): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keyFor(holderToken, slot), iv);
  cipher.setAAD(slotOf(slot));
  const sealed = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]);
}

/** The token in a box, or null when `holderToken` does not open it. */
export function unseal(slot: SealSlot, holderToken: string, box: Uint8Array): string | null {
  const bytes = Buffer.from(box);
  if (bytes.length <= IV_BYTES + TAG_BYTES) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyFor(holderToken, slot), bytes.subarray(0, IV_BYTES));
    decipher.setAAD(slotOf(slot));
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    return null;
  }
}

/** Every (higher, lower) pair of roles: the boxes a board keeps. */
export function sealPairs(): Array<{ holder: Role; role: Role }> {
  return ROLES.flatMap((holder, rank) => ROLES.slice(rank + 1).map((role) => ({ holder, role })));
}

/** A board's boxes: every pair of roles whose tokens are both given. */
export function sealAll(
  boardId: string,
  tokens: Partial<Record<Role, string>>,
): Array<SealSlot & { box: Buffer }> {
  return sealPairs().flatMap(({ holder, role }) => {
    const [holderToken, token] = [tokens[holder], tokens[role]];
    if (!holderToken || !token) return [];
    const slot = { boardId, holder, role };
    return [{ ...slot, box: seal(slot, holderToken, token) }];
  });
}
