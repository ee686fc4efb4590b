/**
 * The friction business case names each friction point's evidence: its source and
 * what it says, cut to its column and then in full in the appendix; a table whose
 * points have no evidence keeps its columns as they were.
 */
import { describe, expect, it } from 'vitest';
import { addCard, type EvidenceSource, readBoard } from '../src/index.js';
import { buildDeck, type Deck } from '../src/story/index.js';
import { laneOfKind, newBoard } from './board.js';

const ranking = (deck: Deck) => deck.slides.filter((s) => s.kind === 'friction-ranking');
const texts = (deck: Deck, kind: string) =>
  deck.slides
    .filter((s) => s.kind === kind)
    .flatMap((s) => s.shapes.flatMap((shape) => (shape.type === 'box' ? shape.runs.map((r) => r.text) : [])));

function frictionBoard(evidence: boolean) {
  const doc = newBoard();
  const board = readBoard(doc);
  const friction = laneOfKind(doc, 'friction');
  const [first, second] = board.stages;
  if (!first || !second) throw new Error('the blank journey has stages');
  const hurt = (
    stageId: string,
    text: string,
    said?: { evidence?: string; evidenceSource?: EvidenceSource },
  ) =>
    addCard(doc, {
      ...(evidence ? said : {}),
      stageId,
      laneId: friction.id,
      text,
      friction: { severity: 4, frequency: { count: 50, period: 'week' } },
    });
  hurt(first.id, 'Asked for the order number twice', {
    evidence: '1,300 calls a month ask where the order is, from the contact-centre log',
    evidenceSource: 'staff',
  });
  hurt(second.id, 'Tracking page stays blank', { evidenceSource: 'analytics' });
  hurt(second.id, 'No apology after a late delivery');
  return readBoard(doc);
}

describe('the friction table', () => {
  it('names the evidence source and what it says, in full in the appendix when cut', () => {
    const deck = buildDeck(frictionBoard(true));
    expect(ranking(deck)).toHaveLength(1);
    const cells = texts(deck, 'friction-ranking');
    expect(cells).toContain('Evidence');
    const staff = cells.find((t) => t.startsWith('Staff: 1,300 calls'));
    expect(staff?.endsWith('…')).toBe(true);
    expect(cells).toContain('Analytics');
    expect(texts(deck, 'full-texts').join(' ')).toContain(
      'Staff: 1,300 calls a month ask where the order is, from the contact-centre log',
    );
  });

  it('has no evidence column when no friction point has evidence', () => {
    const deck = buildDeck(frictionBoard(false));
    expect(ranking(deck)).toHaveLength(1);
    expect(texts(deck, 'friction-ranking')).not.toContain('Evidence');
    expect(texts(deck, 'friction-ranking')).toContain('Owner');
  });

  it('names the sources of the worked example’s friction points', () => {
    const deck = buildDeck(readBoard(newBoard('online-order', 'Worked example')));
    const cells = texts(deck, 'friction-ranking');
    expect(cells.some((t) => /^(Analytics|VoC|CRM|Complaints|Staff): /.test(t))).toBe(true);
  });
});
