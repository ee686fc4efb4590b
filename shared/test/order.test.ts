import { describe, expect, it } from 'vitest';
import { compareOrdered } from '../src/index.js';
import { placeAt } from '../src/order.js';

describe('fractional order keys', () => {
  it('places between two neighbours without touching them', () => {
    const siblings = [
      { id: 'a', order: 'a0' },
      { id: 'b', order: 'a1' },
    ];
    const placed = placeAt(siblings, 1);
    expect(placed.rekeyed).toEqual([]);
    expect(placed.order > 'a0' && placed.order < 'a1').toBe(true);
  });

  it('re-keys siblings when the neighbours tie or hold damaged keys, keeping their order', () => {
    for (const siblings of [
      [
        { id: 'a', order: 'a0' },
        { id: 'b', order: 'a0' },
      ],
      [
        { id: 'a', order: '' },
        { id: 'b', order: '%%' },
      ],
    ]) {
      const placed = placeAt(siblings, 1);
      const all = [...placed.rekeyed, { id: 'new', order: placed.order }].sort(compareOrdered);
      expect(all.map((item) => item.id)).toEqual(['a', 'new', 'b']);
    }
  });

  it('clamps an index past either end', () => {
    const siblings = [{ id: 'a', order: 'a0' }];
    expect(placeAt(siblings, 99).order > 'a0').toBe(true);
    expect(placeAt(siblings, 0).order < 'a0').toBe(true);
  });
});
