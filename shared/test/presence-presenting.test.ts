/** The slide a presenter shows travels in presence, within bounds: the server keeps nothing else of it. */
import { describe, expect, it } from 'vitest';
import { PRESENCE_SLIDE_MAX, sanitizePresence } from '../src/index.js';

describe('presence while presenting', () => {
  it('carries the slide on show and when the presenting started, and null once it stops', () => {
    expect(sanitizePresence({ presenting: { slide: 3, since: 1_700_000_000_000 } })).toEqual({
      presenting: { slide: 3, since: 1_700_000_000_000 },
    });
    expect(sanitizePresence({ presenting: { slide: PRESENCE_SLIDE_MAX, since: 0 } })).toEqual({
      presenting: { slide: PRESENCE_SLIDE_MAX, since: 0 },
    });
    expect(sanitizePresence({ presenting: null })).toEqual({ presenting: null });
    expect(sanitizePresence({ presenting: { slide: 0, since: 1, everyone: 2 } })).toEqual({
      presenting: { slide: 0, since: 1, everyone: 2 },
    });
  });

  it('drops a slide out of range, a wrong shape and anything extra, keeping the other fields', () => {
    for (const bad of [
      { slide: -1, since: 0 },
      { slide: PRESENCE_SLIDE_MAX + 1, since: 0 },
      { slide: 1.5, since: 0 },
      { slide: '2', since: 0 },
      { slide: 2 },
      { slide: 2, since: -5 },
      'slide 2',
      [2, 0],
      { slide: Number.NaN, since: 0 },
      { slide: 1, since: 0, everyone: -1 },
      { slide: 1, since: 0, everyone: 'now' },
    ])
      expect(sanitizePresence({ presenting: bad, cursor: null })).toEqual({ cursor: null });
    const extra = sanitizePresence({ presenting: { slide: 1, since: 2, notes: 'x'.repeat(100_000) } });
    expect(extra).toEqual({ presenting: { slide: 1, since: 2 } });
  });
});
