/** Web Crypto is global in browsers and in Node 20; shared has neither DOM nor Node typings. */
declare const crypto: { getRandomValues<T extends Uint8Array>(array: T): T };

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

/** A random, URL-safe entity id (21 characters, ~126 bits), unguessable and collision-free in practice. */
export function newId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(21));
  // Joined, not appended to one character at a time: appending leaves V8 a chain of
  // 21 string pieces for as long as the id lives (288 bytes a connection id, not 40).
  return Array.from(bytes, (byte) => ALPHABET[byte & 63]).join('');
}

/** Ids are short and free of the separator used in composite keys. */
export const ID_PATTERN = /^[A-Za-z0-9_.:-]{1,100}$/;
