/**
 * A board as people use it, without a browser: each person has an in-memory
 * Y.Doc, the real store, presence and action registry, and the docs pass their
 * updates to each other as a room on the server would. Tests read like a workshop:
 * `alice.press('n')`, then `bob.cardTexts()`.
 */
import { createBoard, ORIGINS, type Role, readBoard } from '@journeyboard/shared';
import { onTestFinished } from 'vitest';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { type BoardActions, createBoardActions } from '../src/actions/dispatch.js';
import type { KeyPress } from '../src/actions/shortcuts.js';
import { createBoardStore } from '../src/store/boardStore.js';
import { type BoardSync, type SaveStatus, undoManagerFor } from '../src/sync/boardConnection.js';
import type { FrameClock } from '../src/sync/frames.js';
import { bindPresence } from '../src/sync/presence.js';

/** Frames that come when the test says so: what another person sees waits for `frame()`. */
export class TestFrames implements FrameClock {
  private next = 1;
  private readonly waiting = new Map<number, () => void>();
  request(callback: () => void): number {
    this.waiting.set(this.next, callback);
    return this.next++;
  }
  cancel(handle: number): void {
    this.waiting.delete(handle);
  }
  run(): void {
    const due = [...this.waiting.values()];
    this.waiting.clear();
    for (const callback of due) callback();
  }
}

/** A synced board in memory: always saved, with the undo history this person's edits build. */
export class MemorySync implements BoardSync {
  readonly doc = new Y.Doc();
  readonly awareness = new Awareness(this.doc);
  undoManager: Y.UndoManager | null = null;
  readonly options = { boardId: 'test-board', token: 'test-token' };
  getStatus(): SaveStatus {
    return 'synced';
  }
  subscribe(): () => void {
    return () => {};
  }
}

export interface Person {
  name: string;
  actions: BoardActions;
  /** Presses a key the way the board's keydown handler does; returns the action it ran, if any. */
  press(key: string, modifiers?: Partial<Omit<KeyPress, 'key'>>): string | null;
  /** The toolbar as this person sees it: each button's label and whether it is enabled. */
  toolbar(): Array<{ label: string; enabled: boolean }>;
  /** Lets a frame pass, so what others did reaches this person's view. */
  frame(): void;
  /** Texts of the cards in the state on show, as this person's store has them. */
  cardTexts(): string[];
}

export class TestRoom {
  private readonly people: Array<{ sync: MemorySync; frames: TestFrames; dispose(): void }> = [];
  /** The room's own copy, as the server holds it: it relays every update to everyone else. */
  private readonly hub = new Y.Doc();

  /** `seed` fills the room's board before anyone joins (a big board, say). */
  constructor(template = 'blank-journey', seed?: (doc: Y.Doc) => void) {
    createBoard(this.hub, { title: 'Checkout journey', template }, ORIGINS.seed);
    seed?.(this.hub);
    this.hub.on('update', (update: Uint8Array, from: unknown) => {
      for (const { sync } of this.people)
        if (sync.doc !== from) Y.applyUpdate(sync.doc, update, ORIGINS.remote);
    });
  }

  join(name: string, role: Role): Person {
    const sync = new MemorySync();
    Y.applyUpdate(sync.doc, Y.encodeStateAsUpdate(this.hub), ORIGINS.remote);
    // What this person does goes to the room; what comes from the room is not sent back.
    sync.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== ORIGINS.remote) Y.applyUpdate(this.hub, update, sync.doc);
    });
    // Like the browser's connection: loading the board is never undoable.
    sync.undoManager = undoManagerFor(sync.doc);
    const frames = new TestFrames();
    // Everyone here joined with an identity: their participant id is their presence id.
    const participantId = `u-${name}`;
    const bound = createBoardStore(sync, { role, participantId }, { frames });
    const presence = bindPresence(sync.awareness, name, { userId: participantId, frames });
    const actions = createBoardActions({ sync, store: bound.store, presence });
    this.people.push({
      sync,
      frames,
      dispose: () => {
        presence.dispose();
        bound.dispose();
        sync.awareness.destroy();
      },
    });
    frames.run();
    const state = () => actions.store.getState();
    return {
      name,
      actions,
      press: (key, modifiers = {}) =>
        actions.press({ key, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...modifiers })
          ?.id ?? null,
      toolbar: () =>
        actions
          .offered(state())
          .filter((action) => action.place !== null)
          .map((action) => ({ label: action.label, enabled: actions.allowed(action, state()) })),
      frame: () => frames.run(),
      cardTexts: () => {
        const { board, stateId } = state();
        return board?.cards.filter((c) => c.stateId === stateId).map((c) => c.text) ?? [];
      },
    };
  }

  /** What the room holds: everything everyone has done. */
  board() {
    return readBoard(this.hub);
  }

  close(): void {
    for (const person of this.people) person.dispose();
  }
}

/** A room for one test, closed when the test ends. */
export function openRoom(template?: string, seed?: (doc: Y.Doc) => void): TestRoom {
  const room = new TestRoom(template, seed);
  onTestFinished(() => room.close());
  return room;
}
