/**
 * The friction business case names each friction point's evidence: its source and
 * what it says, cut to its column and then in full in the appendix; a table whose
 * points have no evidence keeps its columns as they were. Once the board holds contact
 * data, it says where each frequency came from.
 */
import { describe, expect, it } from 'vitest';
import {
  addCard,
  type EvidenceSource,
  importContacts,
  readBoard,
  tagReason,
  updateCard,
} from '../src/index.js';
import { buildDeck, type Deck, SLIDE, type Slide } from '../src/story/index.js';
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

const slidesOf = (deck: Deck, kind: string) => deck.slides.filter((s) => s.kind === kind);
const shapes = (slide: Slide, role: string) =>
  slide.shapes.filter((s) => s.name.replace(/-\d+$/, '') === role);
const textOf = (slide: Slide, role: string) =>
  shapes(slide, role).map((s) => (s.type === 'box' ? s.runs.map((r) => r.text).join('') : ''));

/** 300 "Delivery problem" contacts in March 2026, and a few of another reason. */
function withContacts(doc: ReturnType<typeof newBoard>) {
  importContacts(doc, {
    source: {
      name: 'Contacts export',
      fileName: 'contacts.csv',
      rows: 340,
      unit: 'month',
      importedAt: Date.UTC(2026, 10, 30, 10),
    },
    volumes: [
      { primary: 'Delivery problem', secondary: null, period: '2026-03', channel: 'phone', count: 300 },
      { primary: 'Other', secondary: null, period: '2026-03', channel: 'phone', count: 40 },
    ],
  });
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

describe('the friction table with contact data', () => {
  it('says which frequencies come from the data, which are estimates, and which are unknown', () => {
    const doc = newBoard();
    const friction = laneOfKind(doc, 'friction');
    const stageId = readBoard(doc).stages[0]?.id as string;
    const hurt = (text: string, frequency: { count: number; period: 'week' } | null) =>
      addCard(doc, { stageId, laneId: friction.id, text, friction: { severity: 3, frequency } });
    const fromData = hurt('Asked for the order number twice', null);
    hurt('Tracking page stays blank', { count: 40, period: 'week' });
    hurt('No apology after a late delivery', null);
    withContacts(doc);
    const late = readBoard(doc).reasons.find((r) => r.title === 'Delivery problem');
    tagReason(doc, { cardId: fromData, reasonId: late?.id as string, tagged: true });
    const slide = slidesOf(buildDeck(readBoard(doc)), 'friction-ranking')[0] as Slide;
    const cells = textOf(slide, 'table-cell');
    expect(textOf(slide, 'table-header')).toContain('Frequency');
    const marked = slide.shapes.filter((s) => s.type === 'box' && s.runs[0]?.text === 'From data');
    expect(marked).toHaveLength(1);
    // The mark over the source, a paragraph each.
    expect(marked[0]?.type === 'box' && marked[0].runs.map((r) => [r.text, r.paragraph ?? false])).toEqual([
      ['From data', false],
      ['Contacts export of 30 Nov 2026', true],
    ]);
    expect(cells).toContain('Estimate');
    expect(cells).toContain('—');
    // The table stays within the page's content width.
    const headers = shapes(slide, 'table-header');
    const last = headers.at(-1);
    expect(last && last.type === 'box' ? last.x + last.w : 0).toBeCloseTo(SLIDE.width - 0.45, 5);
    for (const h of headers) expect(h.type === 'box' ? h.w : 0).toBeGreaterThan(0.45);
    updateCard(doc, { id: fromData, friction: { frequency: { count: 5, period: 'week' } } });
    const estimated = textOf(
      slidesOf(buildDeck(readBoard(doc)), 'friction-ranking')[0] as Slide,
      'table-cell',
    );
    expect(estimated.filter((t) => t.startsWith('From data'))).toEqual([]);
    expect(estimated.filter((t) => t === 'Estimate')).toHaveLength(2);
  });

  it('has no Frequency column on a board without contact data', () => {
    const slide = slidesOf(buildDeck(readBoard(newBoard('online-order'))), 'friction-ranking')[0] as Slide;
    expect(textOf(slide, 'table-header')).not.toContain('Frequency');
  });
});
