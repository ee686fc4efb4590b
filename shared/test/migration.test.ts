/**
 * Schema versioning: a version-1 board (vision as a plain string on meta, a card's
 * friction as one nested object) loads into version 2 through migrateBoard.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { migrateBoard, readBoard, SCHEMA_VERSION, updateCard } from '../src/index.js';

/** A board exactly as a version-1 client wrote it, built with raw Yjs calls. */
function versionOneBoard(): Y.Doc {
  const doc = new Y.Doc();
  const map = (name: string, id: string, fields: Record<string, unknown>) => {
    const entity = new Y.Map<unknown>();
    for (const [key, value] of Object.entries(fields)) entity.set(key, value);
    doc.getMap(name).set(id, entity);
    return entity;
  };
  doc.transact(() => {
    const meta = doc.getMap('meta');
    meta.set('title', 'Returns journey');
    meta.set('schemaVersion', 1);
    meta.set('createdAt', 1_700_000_000_000);
    meta.set('template', 'blank-journey');
    meta.set('objective', 'Halve return-related contacts');
    meta.set('vision', 'Returning is as easy as buying.');
    map('personas', 'p1', {
      name: 'Loyal member',
      description: '',
      valueTier: 'top',
      priority: 'special',
      order: 'a0',
    });
    map('journeys', 'j1', { title: 'Returns', personaId: 'p1', order: 'a0' });
    map('states', 's1', {
      journeyId: 'j1',
      kind: 'current',
      title: 'Current state',
      derivedFrom: null,
      createdAt: 1,
      order: 'a0',
    });
    map('stages', 'st1', { stateId: 's1', title: 'Start a return', order: 'a0', derivedFrom: null });
    map('lanes', 'l1', {
      stateId: 's1',
      kind: 'friction',
      title: 'Friction points',
      order: 'a0',
      derivedFrom: null,
    });
    const card = map('cards', 'c1', {
      stateId: 's1',
      stageId: 'st1',
      laneId: 'l1',
      order: 'a0',
      text: 'Label printer needed',
      kind: 'friction',
      channel: 'web',
      emotion: -2,
      owner: 'Dana',
      evidence: '1,900 contacts in Q3',
      evidenceSource: 'crm',
      confidence: 'high',
      friction: {
        severity: 4,
        frequency: { count: 650, period: 'week' },
        segment: 'p1',
        rootCause: 'No QR-code returns',
        ownerTeam: 'Returns ops',
        epic: 'easy',
      },
      derivedFrom: null,
    });
    card.set('notes', new Y.Text('Older customers mention this most.'));
    card.set('reasonIds', new Y.Map());
  });
  return doc;
}

describe('migrating a version-1 board', () => {
  it('reads it as the current schema after migrateBoard, losing nothing', () => {
    const doc = versionOneBoard();
    expect(readBoard(doc).repairs.map((r) => r.problem)).toContain(
      `schema version 1 predates ${SCHEMA_VERSION}: run migrateBoard`,
    );
    const result = migrateBoard(doc);
    expect(result).toMatchObject({ from: 1, to: SCHEMA_VERSION });
    expect(result.applied).toHaveLength(3);
    const board = readBoard(doc);
    expect(board.repairs).toEqual([]);
    expect(board.meta).toMatchObject({
      schemaVersion: SCHEMA_VERSION,
      vision: 'Returning is as easy as buying.',
      title: 'Returns journey',
    });
    expect(board.cards[0]).toMatchObject({
      text: 'Label printer needed',
      notes: 'Older customers mention this most.',
      friction: {
        severity: 4,
        frequency: { count: 650, period: 'week' },
        segmentId: 'p1',
        rootCause: 'No QR-code returns',
        ownerTeam: 'Returns ops',
        epic: 'easy',
      },
      // Written before authorship: nobody's, so only editors and above change it.
      authorId: null,
    });
  });

  it('is one transaction, idempotent, and the migrated board takes new commands', () => {
    const doc = versionOneBoard();
    let transactions = 0;
    doc.on('afterTransaction', () => transactions++);
    migrateBoard(doc);
    expect(transactions).toBe(1);
    expect(migrateBoard(doc)).toEqual({ from: SCHEMA_VERSION, to: SCHEMA_VERSION, applied: [] });
    expect(transactions).toBe(1);
    updateCard(doc, { id: 'c1', friction: { severity: 2 } });
    expect(readBoard(doc).cards[0]!.friction.severity).toBe(2);
  });

  it('migrates a board that arrives as bytes from storage', () => {
    const bytes = Y.encodeStateAsUpdate(versionOneBoard());
    const doc = new Y.Doc();
    Y.applyUpdate(doc, bytes);
    migrateBoard(doc);
    expect(readBoard(doc).cards[0]!.friction.frequency).toEqual({ count: 650, period: 'week' });
  });

  it('leaves a board from a newer version alone and reads it as far as it can', () => {
    const doc = versionOneBoard();
    doc.getMap('meta').set('schemaVersion', SCHEMA_VERSION + 1);
    expect(migrateBoard(doc).applied).toEqual([]);
    expect(readBoard(doc).repairs.map((r) => r.problem)).toContain(
      `schema version ${SCHEMA_VERSION + 1} is newer than ${SCHEMA_VERSION}: read as far as understood`,
    );
  });
});
