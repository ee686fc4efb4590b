/** A small seeded generator (mulberry32): property and chunking tests replay the same cases on every run. */
export function seeded(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    /** An integer in [min, max]. */
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
  };
}

/** The text cut into pieces of random sizes (1 to max characters). */
export function randomChunks(text: string, seed: number, max = 17): string[] {
  const random = seeded(seed);
  const chunks: string[] = [];
  for (let at = 0; at < text.length; ) {
    const size = random.int(1, max);
    chunks.push(text.slice(at, at + size));
    at += size;
  }
  return chunks;
}
