/**
 * A board: connects to it, keeps the store, and lays out the header (title,
 * saving badge, state tabs, toolbar), the canvas and the share dialog. It holds no
 * sync logic itself: that lives in sync/, the data in store/, commands in actions.
 */
import { frictionScorer, isFrictionCard } from '@journeyboard/shared';
import { ReactFlowProvider } from '@xyflow/react';
import { Suspense, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { type BoardActions, createBoardActions } from '../actions/dispatch.js';
import { ActionsContext } from '../actions/react.js';
import { BoardCanvas } from '../canvas/BoardCanvas.js';
import { PrivateRound } from '../round/PrivateRound.js';
import { createBoardStore, type KeptView, keptView, type Role } from '../store/boardStore.js';
import { rememberBoard, retitleRecentBoard } from '../store/recentBoards.js';
import {
  compareBase,
  mayContribute,
  mayEditCollection,
  mayTouch,
  selectedCard as oneSelectedCard,
} from '../store/selectors.js';
import { BoardConnection, type SaveStatus } from '../sync/boardConnection.js';
import { requestDetails, takeEarlyDetails, takeEarlyMint } from '../sync/earlyBoard.js';
import { type BoardIdentity, mintIdentity, storedIdentity, storedName, storeName } from '../sync/identity.js';
import { bindPresence, userIdOn } from '../sync/presence.js';
import { Icon } from '../ui/icons.js';
import { VoteBanner } from '../workshop/VoteBanner.js';
import { WorkshopMarksContext, workshopMarksFor } from '../workshop/workshopMarks.js';
import { BoardTitle } from './BoardTitle.js';
import { DeleteQuestion } from './DeleteQuestion.js';
import { ExportMenu } from './ExportMenu.js';
import { NameDialog } from './NameDialog.js';
import {
  CardInspector,
  CardWorkshopFields,
  CommentsPanel,
  CompareView,
  FrictionPanel,
  HelpOverlay,
  OpportunitiesPanel,
  PersonasPanel,
  Presentation,
  ReasonsPanel,
  ShareDialog,
  VersionsPanel,
  VisionPanel,
  VotingPanel,
} from './onDemand.js';
import { PeopleBar } from './PeopleBar.js';
import { StateTabs } from './StateTabs.js';
import { StructureLock } from './StructureLock.js';
import { BoardToolbar } from './Toolbar.js';

interface BoardInfo {
  id: string;
  title: string;
  role: Role;
  links: Record<string, string>;
}

const STATUS_TEXT: Record<SaveStatus, string> = {
  connecting: 'Connecting…',
  synced: 'Saved',
  syncing: 'Saving…',
  offline: 'Offline: changes kept in this browser',
  unsaved: 'Not saved: the server cannot store changes. Your edits are kept in this browser.',
  refused: 'Loading the board again…',
};

/** What a side panel or the comparison shows while its code arrives (the first time it opens). */
const Loading = ({ what }: { what: string }) => (
  <p role="status" className="loading loading--part">
    Loading {what}…
  </p>
);

/** The name a person who opened a presentation link watches under, when this browser knows none. */
const WATCHER_NAME = 'Watching';

const Opening = () => (
  <p role="status" className="loading">
    Opening the board…
  </p>
);

/** `watching`: opened from a presentation link (/p/): straight into the presentation, no name asked. */
export function BoardPage({
  boardId,
  token,
  watching = false,
}: {
  boardId: string;
  token: string;
  watching?: boolean;
}) {
  const [info, setInfo] = useState<BoardInfo | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    // The entry asked for them already, while this page's code was on its way (earlyBoard.ts).
    (takeEarlyDetails(boardId, token) ?? requestDetails(boardId, token))
      .then(async (response) => {
        if (response.status === 401 || response.status === 403)
          throw new Error('This link does not open this board (it may have been revoked).');
        if (!response.ok) throw new Error(`The server answered ${response.status}.`);
        const board = (await response.json()) as BoardInfo;
        rememberBoard({ id: board.id, title: board.title, token, role: board.role, openedAt: Date.now() });
        setInfo(board);
      })
      .catch((reason: unknown) => setProblem(reason instanceof Error ? reason.message : String(reason)));
  }, [boardId, token]);

  if (problem) {
    return (
      <main className="home">
        <h1>Journeyboard</h1>
        <p role="alert">{problem}</p>
        <a href="/">Back to the start page</a>
      </main>
    );
  }
  if (!info) return <Opening />;
  return <LiveBoard key={info.id} info={info} token={token} watching={watching} />;
}

/**
 * Who joins, then the board: a person with an identity on this board connects at
 * once; otherwise their name is asked (unless this browser knows it), an identity
 * minted, and then the board connects, with that identity or, if minting failed,
 * without one while it tries again a few times (the next load mints again too).
 */
/** Tries after a failed mint (a slow or busy server), 10 s, 20 s, 40 s … apart; then the next load tries again. */
const MINT_RETRIES = 4;
const MINT_RETRY_MS = 10_000;

function LiveBoard({ info, token, watching }: { info: BoardInfo; token: string; watching: boolean }) {
  const [known] = useState(() => storedIdentity(info.id));
  const [name, setName] = useState(() => storedName() ?? known?.name ?? (watching ? WATCHER_NAME : null));
  // undefined: not minted yet; null: minting failed (or a watcher, who writes nothing), the board opens without one.
  const [identity, setIdentity] = useState<BoardIdentity | null | undefined>(
    known ?? (watching ? null : undefined),
  );
  const [actions, setActions] = useState<BoardActions | null>(null);
  /** The view of the last store on this board, for the next (keptView). */
  const view = useRef<KeptView | null>(null);
  // Failed mints so far: after the first the board opens without an identity and keeps trying, further apart.
  const [failedMints, setFailedMints] = useState(0);
  useEffect(() => {
    if (watching || !name || identity || failedMints > MINT_RETRIES) return;
    let current = true;
    const timer = setTimeout(
      () =>
        // The entry's mint, when it started one, is the first (earlyBoard.ts).
        void (takeEarlyMint(info.id, token, name) ?? mintIdentity(info.id, token, name)).then((minted) => {
          if (!current) return;
          // Minted late: the board connects again as this person (drafts written meanwhile come along).
          setIdentity(minted);
          if (!minted) setFailedMints((n) => n + 1);
        }),
      failedMints === 0 ? 0 : MINT_RETRY_MS * 2 ** (failedMints - 1),
    );
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [info.id, token, name, identity, failedMints, watching]);
  // The board connects once a name is known and the first mint has answered; an identity
  // minted later is presented on the same connection (its document and undo history kept).
  const ready = name !== null && identity !== undefined;
  const identityNow = useRef(identity);
  useLayoutEffect(() => {
    identityNow.current = identity;
  }, [identity]);
  const [connection, setConnection] = useState<BoardConnection | null>(null);
  useEffect(() => {
    if (!ready) return;
    const made = new BoardConnection({
      boardId: info.id,
      token,
      identity: identityNow.current?.identityToken,
    });
    setConnection(made);
    return () => {
      setConnection(null);
      made.destroy();
    };
  }, [info.id, token, ready]);
  useEffect(() => {
    if (!connection || !name || identity === undefined) return;
    if (identity) connection.presentIdentity(identity.identityToken);
    // Who the write rules see: the role, and the participant id only when the connection presents its identity.
    // A new store on this board (an identity minted late, a new name): what was open stays open.
    const bound = createBoardStore(
      connection,
      { role: info.role, participantId: identity?.participantId ?? null },
      { kept: view.current },
    );
    const presence = bindPresence(connection.awareness, name, { userId: userIdOn(identity) });
    // The board was reloaded because the server refused a change of this person's: the
    // first store says why (a later one keeps the notice with the view).
    const refused = connection.earlierRefusal;
    if (refused && !view.current)
      bound.store.setState({
        notice: {
          text: `Your last change was not kept: ${refused}. The board was loaded again.`,
          at: Date.now(),
        },
      });
    if (watching) bound.store.setState({ presenting: 'audience' });
    setActions(createBoardActions({ sync: connection, store: bound.store, presence }));
    return () => {
      view.current = keptView(bound.store.getState());
      presence.dispose();
      bound.dispose();
      setActions(null);
    };
  }, [connection, info.role, name, identity, watching]);
  if (!name) {
    return (
      <NameDialog
        onDone={(chosen) => {
          storeName(chosen);
          setName(chosen);
        }}
      />
    );
  }
  if (!actions) return <Opening />;
  return <BoardWorkspace info={info} token={token} actions={actions} />;
}

function BoardWorkspace({ info, token, actions }: { info: BoardInfo; token: string; actions: BoardActions }) {
  // Listening before the first paint: a board that arrived early is on screen, saved, in the
  // workspace's first frame, and a key pressed then must not fall between paint and effect.
  useLayoutEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.isContentEditable))
        return;
      if (actions.press(event)) event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [actions]);

  return (
    // Every field reaches the actions (live text ends undo steps through them), not only the canvas.
    <ActionsContext.Provider value={actions}>
      <WorkshopMarksContext.Provider value={workshopMarksFor(actions)}>
        <div className="board">
          <BoardHeader info={info} token={token} actions={actions} />
          <BoardBody boardId={info.id} token={token} actions={actions} />
          <Notice actions={actions} />
          <DeleteQuestion actions={actions} />
          <PresentationSlot actions={actions} />
        </div>
      </WorkshopMarksContext.Provider>
    </ActionsContext.Provider>
  );
}

/**
 * The presentation over the board while this person presents or watches; while someone
 * else presents, "Follow presentation" joins them.
 */
function PresentationSlot({ actions }: { actions: BoardActions }) {
  const presenting = useStore(actions.store, (s) => s.presenting);
  const presenter = useStore(actions.presence.store, (s) => s.presenter);
  // A call to bring everyone in is answered once: who leaves again stays out until the next call.
  const [answered, setAnswered] = useState<number | null>(null);
  const call = presenter?.everyone ?? null;
  useEffect(() => {
    if (call === null || call === answered) return;
    setAnswered(call);
    actions.store.setState((s) => (s.presenting ? {} : { presenting: 'audience' }));
  }, [actions, call, answered]);
  if (!presenting) {
    if (!presenter) return null;
    return (
      <section className="follow-presentation" aria-label="Presentation">
        <span>{presenter.name} is presenting</span>
        <button
          type="button"
          className="button button--primary"
          onClick={() => actions.store.setState({ presenting: 'audience' })}
        >
          Follow presentation
        </button>
      </section>
    );
  }
  return (
    <Suspense fallback={<p className="present-opening">Opening the presentation…</p>}>
      <Presentation actions={actions} />
    </Suspense>
  );
}

/** How long a notice stays on show. */
const NOTICE_MS = 6000;

/** Why something this person asked for was refused, for a few seconds at the foot of the board. */
function Notice({ actions }: { actions: BoardActions }) {
  const notice = useStore(actions.store, (s) => s.notice);
  useEffect(() => {
    if (!notice) return;
    const hide = setTimeout(() => actions.store.setState({ notice: null }), NOTICE_MS);
    return () => clearTimeout(hide);
  }, [actions, notice]);
  return (
    <div className="notice-region" role="status" aria-live="polite">
      {notice && (
        <p className="notice" key={notice.at}>
          <span>{notice.text.charAt(0).toUpperCase() + notice.text.slice(1)}</span>
          <button
            type="button"
            className="notice__close"
            aria-label="Dismiss"
            onClick={() => actions.store.setState({ notice: null })}
          >
            ×
          </button>
        </p>
      )}
    </div>
  );
}

function BoardBody({ boardId, token, actions }: { boardId: string; token: string; actions: BoardActions }) {
  const { store } = actions;
  const state = useStore(store);
  const board = state.board;
  const base = compareBase(state);
  const selectedCard = !state.editingCardId && !state.comparing ? oneSelectedCard(state) : undefined;
  // Worked out once per board (the evidence of every card's reasons), not on every selection or hover.
  const scoreOf = useMemo(() => (board ? frictionScorer(board) : null), [board]);
  return (
    <div className="board-body">
      {state.comparing && board && base ? (
        <Suspense fallback={<Loading what="the comparison" />}>
          <CompareView
            board={board}
            fromStateId={base.from}
            toStateId={base.to}
            onClose={() => store.setState({ comparing: false })}
          />
        </Suspense>
      ) : (
        <ReactFlowProvider>
          <BoardCanvas actions={actions} />
          <PrivateRound actions={actions}>
            <VoteBanner actions={actions} />
          </PrivateRound>
        </ReactFlowProvider>
      )}
      {/* The journey's states as sheet tabs at the canvas's foot, as a spreadsheet keeps its sheets
          (not over the comparison, whose heading names both states). */}
      {!state.comparing && (
        <div className="state-bar">
          <StateTabs actions={actions} />
        </div>
      )}
      {board && (state.panel || selectedCard) && (
        <aside className={`side-panel side-panel--${state.panel ?? 'card'}`}>
          <Suspense fallback={<Loading what={state.panel ? 'the panel' : 'the card'} />}>
            {state.panel === 'personas' && (
              <PersonasPanel
                actions={actions}
                personas={board.personas}
                readOnly={!mayEditCollection(state, 'personas')}
              />
            )}
            {state.panel === 'vision' && (
              <VisionPanel
                actions={actions}
                board={board}
                readOnly={!mayTouch(state, { kind: 'singleton', part: 'meta' })}
              />
            )}
            {state.panel === 'friction' && <FrictionPanel actions={actions} />}
            {state.panel === 'opportunities' && <OpportunitiesPanel actions={actions} />}
            {state.panel === 'reasons' && <ReasonsPanel actions={actions} boardId={boardId} token={token} />}
            {state.panel === 'workshop' && <VotingPanel actions={actions} />}
            {state.panel === 'comments' && <CommentsPanel actions={actions} />}
            {state.panel === 'versions' && (
              <VersionsPanel actions={actions} boardId={boardId} token={token} />
            )}
            {!state.panel && selectedCard && (
              <CardInspector
                // Another card is another set of fields: what waits to be sent goes to the card it was typed into.
                key={selectedCard.id}
                actions={actions}
                card={selectedCard}
                personas={board.personas}
                score={isFrictionCard(selectedCard, board) ? (scoreOf?.(selectedCard) ?? null) : null}
              />
            )}
            {!state.panel && selectedCard && <CardWorkshopFields actions={actions} card={selectedCard} />}
          </Suspense>
        </aside>
      )}
    </div>
  );
}

function BoardHeader({ info, token, actions }: { info: BoardInfo; token: string; actions: BoardActions }) {
  const { store } = actions;
  const state = useStore(store);
  const [sharing, setSharing] = useState(false);
  const title = state.board?.meta.title ?? info.title;
  // A rename, this person's or seen live, reaches the start page's recent list too; only
  // from a document that holds the board (a schema version), since an empty one reads as the
  // placeholder title: one made for a new connection (an identity minted late) said "synced"
  // before its board arrived, and a CI run saw the recent list say "Untitled board".
  const syncedTitle =
    state.status === 'synced' && (state.board?.meta.schemaVersion ?? 0) > 0
      ? state.board?.meta.title
      : undefined;
  useEffect(() => {
    if (syncedTitle) retitleRecentBoard(info.id, syncedTitle);
  }, [info.id, syncedTitle]);
  return (
    <header className="board-header">
      <div className="board-header__row">
        <a href="/" className="board-header__home" aria-label="All boards">
          ◧
        </a>
        <BoardTitle
          boardId={info.id}
          token={token}
          title={title}
          mayRename={info.role === 'owner'}
          onProblem={(text) => store.setState({ notice: { text, at: Date.now() } })}
        />
        <output
          className={`save-status save-status--${state.status}`}
          aria-live="polite"
          aria-label="Saving status"
        >
          {STATUS_TEXT[state.status]}
        </output>
        <StructureLock actions={actions} />
        {state.board && !mayContribute(state) && <span className="badge">View only</span>}
        <span className="board-header__spacer" />
        <BoardToolbar actions={actions} />
        <PeopleBar presence={actions.presence} store={store} />
        <div className="board-header__share">
          <ExportMenu actions={actions} />
          <button
            type="button"
            className="button button--primary share-button"
            onClick={() => setSharing(true)}
          >
            <Icon name="share" />
            Share
          </button>
        </div>
      </div>
      {/* Dialogs come on demand: nothing shows for the moment their code takes to arrive. */}
      <Suspense fallback={null}>
        {sharing && (
          <ShareDialog
            links={info.links}
            deletion={info.role === 'owner' ? { boardId: info.id, token, title } : undefined}
            onClose={() => setSharing(false)}
          />
        )}
        {state.showHelp && (
          <HelpOverlay actions={actions.offered(state)} onClose={() => store.setState({ showHelp: false })} />
        )}
      </Suspense>
    </header>
  );
}
