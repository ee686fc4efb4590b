import { describe, expect, it } from 'vitest';
import { initials } from '../src/board/PeopleBar.js';

describe('the initials on a person’s avatar', () => {
  it('take the first letter of the first two words, skipping words that start with a mark', () => {
    expect(initials('Alice (2)')).toBe('A');
    expect(initials('alice smith jones')).toBe('AS');
    expect(initials('Élodie — Ōno')).toBe('ÉŌ');
  });

  it('fall back to a question mark for a name without letters', () => {
    expect(initials('  ')).toBe('?');
    expect(initials('(2)')).toBe('?');
  });
});
