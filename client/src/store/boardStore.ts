/**
 * The board as React sees it: a zustand store derived from the Y.Doc (one way:
 * doc → store → view) plus session state (selection, the state tab, what is being
 * edited). Snapshots are read at most once a frame; when only some cards' fields
 * changed, only those cards are read again (patchCards), and otherwise every card,
 * stage and lane that did not change keeps its object, so memoised nodes do not
 * re-render.
 */
import type { BoardSnapshot, Card, Lane, Stage } from '@journeyboard/shared';
import { changedCardIds, ORIGINS, patchCards, type Role, readBoard } from '@journeyboard/shared';
import type { Transaction } from 'yjs';
import { createStore } from 'zustand/vanilla';
import type { BoardSync, SaveStatus } from '../sync/boardConnection.js';
import { ANIMATION_FRAMES, type FrameClock } from '../sync/frames.js';

export type { Role };

export const SIDE_PANELS = [
  'vision',
  'personas',
  'friction',
  'opportunities',
  'reasons',
  'workshop',
  'comments',
  'versions',
] as const;
export type SidePanel = (typeof SIDE_PANELS)[number];

export interface CommentTarget {
  type: 'card' | 'stage' | 'lane';
  id: string;
}

/** Who this person is to the board's write rules: their link's role, and the identity their connection presented. */
export interface Viewer {
  role: Role;
  /** Their participant id when the connection presented an identity; null when none was minted. */
  participantId: string | null;
}

export interface BoardViewState extends Viewer {
  board: BoardSnapshot | null;
  status: SaveStatus;
  /** The state tab on show; null until the board arrives (then its first current state). */
  stateId: string | null;
  selectedCardIds: string[];
  selectedEdgeIds: string[];
  editingCardId: string | null;
  canUndo: boolean;
  canRedo: boolean;
  /** The side panel on show besides the card inspector (which opens with a selected card). */
  panel: SidePanel | null;
  /** The thread the comments panel shows; null lists every thread of the state on show. */
  commentTarget: CommentTarget | null;
  /** The canvas colours each stage × lane by its friction score. */
  heatMap: boolean;
  /** The canvas hatches each stage × lane whose friction has no evidence (#14); off while the heat map is on. */
  coverage: boolean;
  /**
   * A card some panel asked the canvas to bring into view (with `at`, so asking twice works);
   * `reveal`: only when it is not in view already, at the zoom the person chose (a new card).
   */
  focusRequest: { cardId: string; at: number; reveal?: boolean } | null;
  /** Comparing the state on show with the state it was forked from. */
  comparing: boolean;
  /** The person (awareness client id) whose view this one follows. */
  following: number | null;
  /** Set when this person asks everyone to come to their view; the canvas sends it with the viewport. */
  summonRequested: number | null;
  /** Cards copied with Ctrl+C, pasted with Ctrl+V (kept in this tab only). */
  clipboard: Card[];
  showHelp: boolean;
  /**
   * The board's story is on show as a full-screen presentation (present/): `presenter`
   * when this person presents it (others may follow), `audience` when they joined to
   * watch (Follow presentation, or a presentation link): then it follows whoever presents.
   */
  presenting: 'presenter' | 'audience' | null;
  /**
   * Opportunities a canvas card's chip asked the Opportunities panel to show (open,
   * scrolled to and marked), with `at` so asking twice works; null when the panel is
   * opened any other way.
   */
  opportunityFocus: { ids: readonly string[]; at: number } | null;
  /** Deleting the selection waits for this person's yes: it holds more than MANY_CARDS cards. */
  confirmingDelete: boolean;
  /** A message for this person (why something was refused), with `at` so the same one shows again. */
  notice: { text: string; at: number } | null;
  /**
   * While a private round is drafting (round/): starts a draft in a cell of the round
   * and returns its id, or null outside the round, where a new note is a card.
   */
  draftNote: ((cell: { stageId: string; laneId: string }) => string | null) | null;
}

/**
 * What a person has open and on show, kept when the page makes a new store for the same
 * board (an identity minted late, a new name, a new connection): the panel, the
 * presentation, the state tab, the selection, the canvas's layers, the clipboard and
 * the notice on show.
 */
const KEPT_VIEW = [
  'stateId',
  'selectedCardIds',
  'selectedEdgeIds',
  'panel',
  'commentTarget',
  'heatMap',
  'coverage',
  'comparing',
  'clipboard',
  'presenting',
  'notice',
] as const satisfies ReadonlyArray<keyof BoardViewState>;
export type KeptView = Pick<BoardViewState, (typeof KEPT_VIEW)[number]>;

export function keptView(state: BoardViewState): KeptView {
  return Object.fromEntries(KEPT_VIEW.map((key) => [key, state[key]])) as KeptView;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Keeps the previous object for every entity whose content did not change. */
function shareUnchanged<T extends { id: string }>(previous: T[] | undefined, next: T[]): T[] {
  if (!previous) return next;
  const byId = new Map(previous.map((item) => [item.id, item]));
  return next.map((item) => {
    const old = byId.get(item.id);
    return old && sameJson(old, item) ? old : item;
  });
}

export interface StoreOptions {
  /** When a remote change is read: the browser's animation frames, or a test's. */
  frames?: FrameClock;
  /** The view of the store this one replaces on the same board (keptView), if any. */
  kept?: KeptView | null;
}

export function createBoardStore(
  connection: BoardSync,
  viewer: Viewer,
  { frames = ANIMATION_FRAMES, kept = null }: StoreOptions = {},
) {
  const store = createStore<BoardViewState>(() => ({
    board: null,
    status: connection.getStatus(),
    role: viewer.role,
    participantId: viewer.participantId,
    stateId: null,
    selectedCardIds: [],
    selectedEdgeIds: [],
    editingCardId: null,
    canUndo: false,
    canRedo: false,
    panel: null,
    commentTarget: null,
    heatMap: false,
    coverage: false,
    focusRequest: null,
    comparing: false,
    following: null,
    summonRequested: null,
    clipboard: [],
    showHelp: false,
    presenting: null,
    confirmingDelete: false,
    opportunityFocus: null,
    notice: null,
    draftNote: null,
    ...kept,
  }));

  let frame: number | null = null;
  // What changed since the last frame: some cards' fields (patched alone), or anything else (read all).
  let changedCards: Set<string> | 'all' = 'all';
  const refresh = () => {
    frame = null;
    const previous = store.getState().board;
    const changed = changedCards;
    changedCards = new Set();
    let board: BoardSnapshot;
    if (previous && changed !== 'all') {
      board = changed.size > 0 ? patchCards(connection.doc, previous, changed) : previous;
    } else {
      const next = readBoard(connection.doc);
      board = {
        ...next,
        stages: shareUnchanged<Stage>(previous?.stages, next.stages),
        lanes: shareUnchanged<Lane>(previous?.lanes, next.lanes),
        cards: shareUnchanged<Card>(previous?.cards, next.cards),
      };
    }
    const current = store.getState();
    // A board with no state yet has not arrived (a kept view waits for it): nothing is dropped.
    const arrived = board.states.length > 0;
    const stateStillThere = current.stateId && board.states.some((s) => s.id === current.stateId);
    const cardIds = new Set(board.cards.map((c) => c.id));
    store.setState({
      board,
      stateId:
        stateStillThere || !arrived
          ? current.stateId
          : (board.states.find((s) => s.kind === 'current')?.id ?? null),
      selectedCardIds: current.selectedCardIds.filter((id) => !arrived || cardIds.has(id)),
      selectedEdgeIds: current.selectedEdgeIds.filter(
        (id) => !arrived || board.edges.some((e) => e.id === id),
      ),
      editingCardId:
        current.editingCardId && cardIds.has(current.editingCardId) ? current.editingCardId : null,
      canUndo: (connection.undoManager?.undoStack.length ?? 0) > 0,
      canRedo: (connection.undoManager?.redoStack.length ?? 0) > 0,
    });
  };
  const schedule = () => {
    if (frame === null) frame = frames.request(refresh);
  };
  const onTransaction = (transaction: Transaction) => {
    if (changedCards !== 'all') {
      const touched = changedCardIds(connection.doc, transaction);
      if (touched === 'all') changedCards = 'all';
      else for (const id of touched) changedCards.add(id);
    }
    // This person's own command shows at once (the next key press reads it); the rest waits for a frame.
    if (transaction.origin === ORIGINS.local) {
      if (frame !== null) frames.cancel(frame);
      refresh();
    } else schedule();
  };
  connection.doc.on('afterTransaction', onTransaction);
  const unsubscribe = connection.subscribe(() => {
    // The status and the board it speaks of change together: "Saved" never shows over a
    // board still waiting for its frame to be read (the whole board, when the sync ends).
    if (frame !== null) {
      frames.cancel(frame);
      refresh();
    }
    store.setState({ status: connection.getStatus() });
  });
  // Read now, not at the next frame: a board that arrived early (sync/earlyBoard.ts) is then
  // on screen in the workspace's first frame, instead of an empty canvas under "Saved".
  refresh();

  return {
    store,
    dispose: () => {
      if (frame !== null) frames.cancel(frame);
      connection.doc.off('afterTransaction', onTransaction);
      unsubscribe();
    },
  };
}

export type BoardStore = ReturnType<typeof createBoardStore>['store'];
