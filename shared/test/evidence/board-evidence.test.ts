import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { parseContacts, parseSurvey } from '../../src/evidence/index.js';
import {
  addReason,
  BoardCommandError,
  createBoard,
  evidenceFrequencies,
  formatMetric,
  importContacts,
  importSurvey,
  LIMITS,
  rankFriction,
  readBoard,
  reasonVolumes,
  removeReason,
  removeSource,
  removeStage,
  tagReason,
  trendedMetrics,
  updateCard,
} from '../../src/index.js';
import { cardsAlong } from '../board.js';

const source = (name = 'Contacts export', unit: 'week' | 'month' = 'month') => ({
  name,
  fileName: 'contacts.csv',
  rows: 100,
  unit,
  importedAt: 1_780_000_000_000,
});

function onlineOrder(): Y.Doc {
  const doc = new Y.Doc();
  createBoard(doc, { title: 'Online order', template: 'online-order', createdAt: 1 });
  return doc;
}

const reasonTitled = (doc: Y.Doc, title: string) => readBoard(doc).reasons.find((r) => r.title === title);

describe('importing contact volumes', () => {
  it('puts volumes under existing reasons matched by title, making the missing ones', () => {
    const doc = onlineOrder();
    const before = readBoard(doc).reasons.length;
    const summary = importContacts(doc, {
      source: source(),
      volumes: [
        {
          primary: 'delivery  PROBLEM',
          secondary: 'Delivery is late',
          period: '2026-02',
          channel: 'phone',
          count: 900,
        },
        {
          primary: 'Delivery problem',
          secondary: 'Delivery is late',
          period: '2026-03',
          channel: 'phone',
          count: 1_240,
        },
        {
          primary: 'Delivery problem',
          secondary: 'Wrong door',
          period: '2026-03',
          channel: 'chat',
          count: 60,
        },
        { primary: 'Gift cards', secondary: null, period: '2026-03', channel: null, count: 40 },
      ],
    });
    const board = readBoard(doc);
    expect(board.reasons.length).toBe(before + 2); // "Wrong door" under Delivery problem, and "Gift cards"
    expect(summary).toMatchObject({
      replaced: false,
      total: 2_240,
      written: 4,
      periods: ['2026-02', '2026-03'],
    });
    const late = reasonTitled(doc, 'Delivery is late');
    expect(board.volumes.filter((v) => v.reasonId === late?.id).map((v) => v.count)).toEqual([900, 1_240]);
    const wrongDoor = reasonTitled(doc, 'Wrong door');
    expect(wrongDoor?.parentId).toBe(reasonTitled(doc, 'Delivery problem')?.id);
    expect(board.repairs).toEqual([]);
  });

  it('replaces the numbers of a source imported again, instead of adding them twice', () => {
    const doc = onlineOrder();
    const volume = {
      primary: 'Delivery problem',
      secondary: 'Delivery is late',
      period: '2026-03',
      channel: 'phone',
    };
    importContacts(doc, { source: source(), volumes: [{ ...volume, count: 1_000 }] });
    importContacts(doc, {
      source: source('Chat export'),
      volumes: [{ ...volume, channel: 'chat', count: 10 }],
    });
    const again = importContacts(doc, {
      source: source('contacts EXPORT'),
      volumes: [{ ...volume, count: 1_240 }],
    });
    expect(again).toMatchObject({ replaced: true, previousTotal: 1_000, total: 1_240, removed: 1 });
    const board = readBoard(doc);
    expect(board.sources.map((s) => s.name).sort()).toEqual(['Chat export', 'contacts EXPORT']);
    expect(board.volumes.map((v) => v.count).sort((a, b) => a - b)).toEqual([10, 1_240]);
  });

  it('refuses more volumes than a board holds, changing nothing', () => {
    const doc = onlineOrder();
    const volumes = Array.from({ length: LIMITS.maxVolumes + 1 }, (_, i) => ({
      primary: 'Delivery problem',
      secondary: `Reason ${i % 50}`,
      period: `2026-${String((i % 12) + 1).padStart(2, '0')}`,
      channel: `channel ${Math.floor(i / 600)}`,
      count: 1,
    }));
    const before = Y.encodeStateAsUpdate(doc);
    expect(() => importContacts(doc, { source: source(), volumes })).toThrow(BoardCommandError);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });

  it('takes the volumes of a removed reason and of a removed source along', () => {
    const doc = onlineOrder();
    const { sourceId } = importContacts(doc, {
      source: source(),
      volumes: [
        { primary: 'Gift cards', secondary: 'Balance', period: '2026-03', channel: null, count: 5 },
        { primary: 'Delivery problem', secondary: null, period: '2026-03', channel: null, count: 7 },
      ],
    });
    removeReason(doc, { id: reasonTitled(doc, 'Gift cards')?.id as string });
    expect(readBoard(doc).volumes.map((v) => v.count)).toEqual([7]);
    removeSource(doc, { id: sourceId });
    const board = readBoard(doc);
    expect([board.volumes, board.sources, board.repairs]).toEqual([[], [], []]);
  });
});

describe('what the volumes say', () => {
  it('gives volume per period, share and trend, the Pareto of primary reasons, the channel mix and the taxonomy health', () => {
    const doc = new Y.Doc();
    createBoard(doc, { title: 'Reasons', template: 'blank-journey', createdAt: 1 });
    const rows: Array<[string, string | null, string, string, number]> = [
      ['Delivery', 'Late', '2026-02', 'phone', 400],
      ['Delivery', 'Late', '2026-03', 'phone', 500],
      ['Delivery', 'Damaged', '2026-03', 'chat', 100],
      ['Payment', 'Failed', '2026-02', 'chat', 100],
      ['Payment', 'Failed', '2026-03', 'chat', 150],
      ['Other', null, '2026-03', 'email', 250],
    ];
    importContacts(doc, {
      source: source(),
      volumes: rows.map(([primary, secondary, period, channel, count]) => ({
        primary,
        secondary,
        period,
        channel,
        count,
      })),
    });
    addReason(doc, { title: 'Typed by hand', parentId: null });
    const view = reasonVolumes(readBoard(doc));
    expect(view).toMatchObject({
      unit: 'month',
      periods: ['2026-02', '2026-03'],
      latest: '2026-03',
      total: 1_000,
    });
    const delivery = view.reasons.find((s) => s.reason.title === 'Delivery');
    expect(delivery).toMatchObject({ fromData: true, latest: 600, previous: 400, trend: 0.5, share: 0.6 });
    expect(delivery?.channels).toEqual([
      { channel: 'phone', count: 500 },
      { channel: 'chat', count: 100 },
    ]);
    expect(view.reasons.find((s) => s.reason.title === 'Typed by hand')?.fromData).toBe(false);
    expect(view.pareto.map((bar) => [bar.title, bar.volume, bar.cumulative, bar.vital])).toEqual([
      ['Delivery', 600, 0.6, true],
      ['Other', 250, 0.85, true],
      ['Payment', 150, 1, false],
    ]);
    expect(view.channels.map((c) => [c.channel, c.share])).toEqual([
      ['phone', 0.5],
      ['chat', 0.25],
      ['email', 0.25],
    ]);
    expect(view.health).toEqual([expect.stringContaining('"Other" holds 25 %')]);
  });

  it('reads weekly and monthly sources together in months', () => {
    const doc = new Y.Doc();
    createBoard(doc, { title: 'Reasons', template: 'blank-journey', createdAt: 1 });
    importContacts(doc, {
      source: source('Weekly', 'week'),
      volumes: [{ primary: 'Delivery', secondary: null, period: '2026-W10', channel: null, count: 70 }],
    });
    importContacts(doc, {
      source: source('Monthly'),
      volumes: [{ primary: 'Delivery', secondary: null, period: '2026-03', channel: null, count: 30 }],
    });
    const view = reasonVolumes(readBoard(doc));
    expect(view).toMatchObject({ unit: 'month', periods: ['2026-03'], total: 100 });
  });
});

describe('friction frequency from evidence', () => {
  it('takes a tagged friction card its frequency from its reasons, normalised to the board period, unless one is typed', () => {
    const doc = new Y.Doc();
    createBoard(doc, { title: 'Reasons', template: 'blank-journey', createdAt: 1 });
    importContacts(doc, {
      source: source('Weekly export', 'week'),
      volumes: [
        { primary: 'Delivery', secondary: 'Late', period: '2026-W10', channel: null, count: 70 },
        { primary: 'Delivery', secondary: 'Late', period: '2026-W09', channel: null, count: 999 },
        { primary: 'Delivery', secondary: 'Damaged', period: '2026-W10', channel: null, count: 35 },
      ],
    });
    const [cardId] = cardsAlong(doc, 'friction', ['Parcel late again']);
    updateCard(doc, { id: cardId, friction: { severity: 4 } });
    const friction = readBoard(doc).cards.find((c) => c.id === cardId);
    if (!friction) throw new Error('the card was added');
    const delivery = reasonTitled(doc, 'Delivery')?.id as string;
    const late = reasonTitled(doc, 'Late')?.id as string;
    // The primary and one of its secondaries: each contact counted once.
    tagReason(doc, { cardId: friction.id, reasonId: delivery });
    tagReason(doc, { cardId: friction.id, reasonId: late });
    const evidence = evidenceFrequencies(readBoard(doc)).get(friction.id);
    expect(evidence?.count).toBe(105);
    expect(evidence?.rate).toBeCloseTo((105 / 7) * (365.25 / 12), 6);
    expect(evidence?.sources.map((s) => s.name)).toEqual(['Weekly export']);
    const scored = rankFriction(readBoard(doc), friction.stateId).items.find(
      (i) => i.card.id === friction.id,
    );
    expect(scored?.score).toMatchObject({ frequencySource: 'evidence', rate: evidence?.rate });
    expect(scored?.score.explanation.join(' ')).toContain('from evidence');

    updateCard(doc, { id: friction.id, friction: { frequency: { count: 3, period: 'month' } } });
    const typed = rankFriction(readBoard(doc), friction.stateId);
    const item = typed.items.find((i) => i.card.id === friction.id);
    expect(item?.score).toMatchObject({ frequencySource: 'typed', rate: 3 });
    expect(item?.score.evidence?.count).toBe(105);
    expect(typed.basis.typed).toBeGreaterThan(0);
  });
});

describe('survey readings', () => {
  it('set a stage metric from its latest reading and show the trend', () => {
    const doc = new Y.Doc();
    createBoard(doc, { title: 'Survey', template: 'blank-journey', createdAt: 1 });
    const stage = readBoard(doc).stages[0];
    if (!stage) throw new Error('the blank journey has stages');
    const reading = { stageId: stage.id, name: 'NPS' as const, label: '' };
    importSurvey(doc, {
      source: { ...source('Survey'), unit: 'month' },
      readings: [
        { ...reading, period: '2026-02', value: 28, responses: 300 },
        { ...reading, period: '2026-03', value: 32, responses: 412 },
      ],
    });
    const board = readBoard(doc);
    const [metric] = trendedMetrics(board.metrics, board.readings);
    expect(metric).toMatchObject({ name: 'NPS', current: 32, trend: { change: 4, responses: 412 } });
    expect(formatMetric(metric as NonNullable<typeof metric>)).toBe('NPS 32 ▲4');
    expect(formatMetric(metric as NonNullable<typeof metric>, true)).toBe(
      'NPS: now 32 (Mar 2026, up 4 on Feb 2026; 412 responses), target –',
    );
    expect(() =>
      importSurvey(doc, {
        source: source('Survey'),
        readings: [{ ...reading, period: '2026-04', value: 140, responses: null }],
      }),
    ).toThrow(/NPS must be between -100 and 100/);
    removeStage(doc, { id: stage.id });
    const after = readBoard(doc);
    expect([after.metrics.length, after.readings.length, after.repairs]).toEqual([0, 0, []]);
  });
});

describe('the bounds of the board on a file', () => {
  it('holds a file to the lengths a board keeps, with the rows that pass them', () => {
    const long = 'x'.repeat(LIMITS.title + 1);
    const read = parseContacts(
      [
        'primary,secondary,channel',
        `Delivery,Late,phone`,
        `${long},Late,phone`,
        `Delivery,Late,${'c'.repeat(LIMITS.channel + 1)}`,
      ].join('\n'),
    );
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.problems.map((p) => [p.row, p.message])).toEqual([
      [3, `the primary reason is 201 characters long; a board keeps at most ${LIMITS.title}`],
      [4, `the channel is 41 characters long; a board keeps at most ${LIMITS.channel}`],
    ]);
  });
});

describe('survey metric names', () => {
  it('refuses a metric name longer than a stage metric keeps, with its row', () => {
    const read = parseSurvey(['stage,metric,score', 'Pay,Ease,4', `Pay,${'y'.repeat(61)},4`].join('\n'));
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.problems.map((p) => p.row)).toEqual([3]);
  });
});

describe('evidence written straight into the document', () => {
  it('is read only where it holds together: an unknown kind, a dangling source or reason, a count that is no count are skipped and said', () => {
    const doc = onlineOrder();
    const { sourceId } = importContacts(doc, {
      source: source(),
      volumes: [{ primary: 'Delivery problem', secondary: null, period: '2026-03', channel: null, count: 7 }],
    });
    const reasonId = reasonTitled(doc, 'Delivery problem')?.id as string;
    const put = (collection: string, id: string, fields: Record<string, unknown>) => {
      const map = new Y.Map<unknown>();
      for (const [key, value] of Object.entries(fields)) map.set(key, value);
      doc.getMap(collection).set(id, map);
    };
    doc.transact(() => {
      put('sources', 'odd-kind', { kind: 'rumours', name: 'Gossip', rows: 1, unit: 'month', importedAt: 1 });
      put('volumes', 'no-source', {
        sourceId: 'nowhere',
        reasonId,
        period: '2026-03',
        channel: null,
        count: 5,
      });
      put('volumes', 'no-reason', {
        sourceId,
        reasonId: 'nothing',
        period: '2026-03',
        channel: null,
        count: 5,
      });
      put('volumes', 'no-count', { sourceId, reasonId, period: '2026-03', channel: null, count: 'lots' });
      put('readings', 'no-metric', {
        sourceId,
        metricId: 'none',
        period: '2026-03',
        value: 3,
        responses: null,
      });
    });
    const board = readBoard(doc);
    expect(board.sources.map((s) => s.id)).toEqual([sourceId]);
    expect(board.volumes.map((v) => v.count)).toEqual([7]);
    expect(board.readings).toEqual([]);
    expect([...new Set(board.repairs.map((r) => r.id))].sort()).toEqual([
      'no-count',
      'no-metric',
      'no-reason',
      'no-source',
      'odd-kind',
    ]);
    expect(reasonVolumes(board).total).toBe(7);
  });
});
