import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type BoardSnapshot, createBoard, listTemplates, readBoard, TEMPLATES } from '../src/index.js';
import { newBoard } from './board.js';

describe('templates', () => {
  it('lists the blank journey, the service blueprint and two worked examples', () => {
    expect(listTemplates().map((t) => t.id)).toEqual([
      'blank-journey',
      'service-blueprint',
      'online-order',
      'baggage-recovery',
    ]);
    for (const template of listTemplates()) {
      expect(template.title.length).toBeGreaterThan(5);
      expect(template.description.length).toBeGreaterThan(20);
    }
  });

  it.each(TEMPLATES.map((t) => t.id))('%s creates a clean board', (id) => {
    const board = readBoard(newBoard(id));
    expect(board.repairs).toEqual([]);
    expect(board.meta.template).toBe(id);
    expect(board.journeys).toHaveLength(1);
    expect(board.states.filter((s) => s.kind === 'current')).toHaveLength(1);
  });

  it('the service blueprint has the lanes the three blueprint lines separate', () => {
    const kinds = readBoard(newBoard('service-blueprint')).lanes.map((l) => l.kind);
    for (const kind of ['actions', 'frontstage', 'backstage', 'support']) expect(kinds).toContain(kind);
    expect(kinds.indexOf('actions')).toBeLessThan(kinds.indexOf('frontstage'));
    expect(kinds.indexOf('frontstage')).toBeLessThan(kinds.indexOf('backstage'));
    expect(kinds.indexOf('backstage')).toBeLessThan(kinds.indexOf('support'));
  });

  it.each(['online-order', 'baggage-recovery'])(
    'the %s example teaches with realistic friction data',
    (id) => {
      const board = readBoard(newBoard(id));
      const current = board.states.find((s) => s.kind === 'current')!;
      const future = board.states.find((s) => s.kind === 'future')!;
      expect(future.derivedFrom).toBe(current.id);
      const friction = board.cards.filter((c) => c.stateId === current.id && c.kind === 'friction');
      expect(friction.length).toBeGreaterThanOrEqual(8);
      for (const card of friction) {
        expect(card.friction.severity, card.text).not.toBeNull();
        expect(card.friction.frequency, card.text).not.toBeNull();
        expect(card.friction.rootCause, card.text).not.toBe('');
        expect(card.friction.ownerTeam, card.text).not.toBe('');
      }
      expect(friction.some((c) => c.friction.segmentId !== null)).toBe(true);
      expect(board.cards.some((c) => c.emotion !== null && c.emotion < 0)).toBe(true);
      expect(board.personas.length).toBeGreaterThanOrEqual(3);
      expect(board.opportunities.length).toBeGreaterThanOrEqual(5);
      expect(board.opportunities.every((o) => o.frictionIds.length > 0)).toBe(true);
      expect(board.metrics.length).toBeGreaterThan(0);
      expect(board.reasons.filter((r) => r.parentId === null).length).toBeGreaterThanOrEqual(5);
      expect(board.edges.some((e) => e.kind === 'handoff')).toBe(true);
      expect(board.meta.vision).not.toBe('');
      expect(board.principles.length).toBeGreaterThanOrEqual(3);
      // The redesign removes friction: fewer friction cards in the future state.
      const futureFriction = board.cards.filter((c) => c.stateId === future.id && c.kind === 'friction');
      expect(futureFriction.length).toBeLessThan(friction.length);
    },
  );
});

/**
 * A board with its random ids replaced by stable names (`cards#3`: the fourth card as
 * readers order it), so a template's content, order keys and links can be compared
 * across runs.
 */
function stableBoard(board: BoardSnapshot): unknown {
  const names = new Map<string, string>();
  // Metric ids are made of a stage id and a name, and edges have no stable order: both are named below.
  for (const [name, items] of Object.entries(board)) {
    if (!Array.isArray(items) || name === 'edges' || name === 'metrics') continue;
    for (const [i, item] of items.entries()) {
      if (typeof item.id === 'string') names.set(item.id, `${name}#${i}`);
    }
  }
  for (const edge of board.edges) names.set(edge.id, `edge ${names.get(edge.from)} -> ${names.get(edge.to)}`);
  const rename = (text: string) =>
    names.get(text) ?? text.replace(/^[^:]+(?=:)/, (prefix) => names.get(prefix) ?? prefix);
  const renamed: BoardSnapshot = JSON.parse(
    JSON.stringify(board, (_, value) => (typeof value === 'string' ? rename(value) : value)),
  );
  return {
    ...renamed,
    states: renamed.states.map(({ createdAt: _, ...state }) => state),
    edges: renamed.edges.map(({ id: _, ...edge }) => edge).sort(compareJson),
    cards: renamed.cards.map((card) => ({ ...card, reasonIds: [...card.reasonIds].sort() })),
    opportunities: renamed.opportunities.map((o) => ({ ...o, frictionIds: [...o.frictionIds].sort() })),
  };
}

function compareJson(a: unknown, b: unknown): number {
  const [x, y] = [JSON.stringify(a), JSON.stringify(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}

describe('template boards', () => {
  it.each(TEMPLATES.map((t) => t.id))('%s lays out the board recorded for it', async (id) => {
    const doc = new Y.Doc();
    createBoard(doc, { title: 'Workshop board', template: id, createdAt: 0 });
    const board = readBoard(doc);
    await expect(`${JSON.stringify(stableBoard(board), null, 2)}\n`).toMatchFileSnapshot(
      `./__snapshots__/templates/${id}.snap`,
    );
  });
});
