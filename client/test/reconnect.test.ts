/**
 * A new store for a board the page already showed (an identity minted after it opened,
 * a new name, a new connection): what the person had open stays open, and on a new
 * connection, whose document is empty until the server answers, their selection and
 * state tab wait for the board to arrive before anything gone from it is dropped. The
 * browser side is test/e2e/identity.test.ts.
 */
import { createBoard, ORIGINS } from '@journeyboard/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createBoardStore, keptView } from '../src/store/boardStore.js';
import { MemorySync, TestFrames } from './driver.js';

describe('a store that replaces another on the same board', () => {
  it('keeps what was open, and the selection and state tab until the board has arrived', () => {
    const first = new MemorySync();
    createBoard(first.doc, { title: 'Reconnecting', template: 'online-order' }, ORIGINS.seed);
    const frames = new TestFrames();
    const before = createBoardStore(first, { role: 'editor', participantId: null }, { frames });
    // Read at once: the board is in the store without waiting for a frame.
    const board = before.store.getState().board;
    const future = board?.states.find((state) => state.kind === 'future');
    const card = board?.cards.find((c) => c.stateId === future?.id);
    expect(future && card).toBeTruthy();
    before.store.setState({
      stateId: future?.id,
      selectedCardIds: [card?.id ?? '', 'a-card-deleted-meanwhile'],
      panel: 'friction',
      heatMap: true,
      presenting: 'presenter',
      notice: { text: 'Your last change was not kept', at: 1 },
    });
    const kept = keptView(before.store.getState());
    before.dispose();

    // The new connection's document is empty until the server's answer arrives.
    const second = new MemorySync();
    const after = createBoardStore(second, { role: 'editor', participantId: 'p-1' }, { frames, kept });
    expect(after.store.getState()).toMatchObject(kept);
    frames.run();
    expect(after.store.getState()).toMatchObject(kept);

    Y.applyUpdate(second.doc, Y.encodeStateAsUpdate(first.doc), ORIGINS.remote);
    frames.run();
    expect(after.store.getState()).toMatchObject({
      stateId: future?.id,
      selectedCardIds: [card?.id],
      panel: 'friction',
      heatMap: true,
      presenting: 'presenter',
      notice: { text: 'Your last change was not kept', at: 1 },
      participantId: 'p-1',
    });
    after.dispose();
  });

  it('shows the current state of a board that arrives in a store of its own', () => {
    const source = new MemorySync();
    createBoard(source.doc, { title: 'Fresh', template: 'online-order' }, ORIGINS.seed);
    const frames = new TestFrames();
    const sync = new MemorySync();
    const fresh = createBoardStore(sync, { role: 'editor', participantId: null }, { frames });
    expect(fresh.store.getState().stateId).toBeNull();
    Y.applyUpdate(sync.doc, Y.encodeStateAsUpdate(source.doc), ORIGINS.remote);
    frames.run();
    const { board, stateId } = fresh.store.getState();
    expect(stateId).toBe(board?.states.find((state) => state.kind === 'current')?.id);
    fresh.dispose();
  });
});
