/**
 * Board files built to cost the server the most, for import tests and the attack
 * proof. Each keeps a valid envelope (taken from a real export) and swaps in the cards.
 */
import type { BoardFile } from '@journeyboard/shared';

/** The server's import body limit is 25 MiB: hostile files stay just under it. */
export const IMPORT_BODY_LIMIT = 25 * 1_000_000;

/** A board file whose `cards` is the given JSON text. */
export function withCards(valid: BoardFile, cardsJson: string): string {
  const head = JSON.stringify({ ...valid, board: { ...valid.board, cards: [] } });
  return head.replace('"cards":[]', `"cards":${cardsJson}`);
}

/** `{}` cards, as many as fill `bytes`: every one a problem (today's code reported them all). */
export function emptyCardsFile(valid: BoardFile, bytes = IMPORT_BODY_LIMIT): string {
  const count = Math.floor((bytes - withCards(valid, '[]').length) / 3);
  return withCards(valid, `[${Array(count).fill('{}').join(',')}]`);
}

/**
 * Just under a million values within every bound: 20,000 cards of 47 members each,
 * named from a thousand names in an order that differs card to card (new hidden
 * classes), every value a different string, long enough to fill `bytes`. None is a valid card.
 */
export function costlyCardsFile(valid: BoardFile, bytes = IMPORT_BODY_LIMIT): string {
  const names = Array.from({ length: 1000 }, (_, i) => `field${i}`);
  let seed = 1;
  const next = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed;
  };
  let value = 0;
  const pad = 'v'.repeat(Math.floor((bytes * 0.97) / 940_000) - 18);
  const card = () => {
    const members = new Set<string>();
    while (members.size < 47) members.add(names[next() % names.length] as string);
    return `{${[...members].map((name) => `"${name}":"${pad}${(value++).toString(36)}"`).join(',')}}`;
  };
  return withCards(valid, `[${Array.from({ length: 20_000 }, card).join(',')}]`);
}
