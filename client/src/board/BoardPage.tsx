/**
 * A board: connects to it, keeps the store, and lays out the header (title,
 * saving badge, state tabs, toolbar), the canvas and the share dialog. It holds no
 * sync logic itself: that lives in sync/, the data in store/, commands in actions.
 */
import { frictionScore, isFrictionCard } from '@journeyboard/shared';
import { ReactFlowProvider } from '@xyflow/react';
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { FrictionPanel } from '../analytics/FrictionPanel.js';
import { BoardCanvas } from '../canvas/BoardCanvas.js';
import { rememberBoard } from '../home/recentBoards.js';
import { OpportunitiesPanel } from '../opportunities/OpportunitiesPanel.js';
import { CardInspector } from '../panels/CardInspector.js';
import { CardWorkshopFields } from '../panels/CardWorkshopFields.js';
import { PersonasPanel } from '../panels/PersonasPanel.js';
import { ReasonsPanel } from '../panels/ReasonsPanel.js';
import { VisionPanel } from '../panels/VisionPanel.js';
import {
  type BoardStore,
  createBoardStore,
  type Role,
  SIDE_PANELS,
  type SidePanel,
} from '../store/boardStore.js';
import { BoardConnection, type SaveStatus } from '../sync/boardConnection.js';
import { bindPresence, storedName, storeName } from '../sync/presence.js';
import { CommentsPanel } from '../workshop/CommentsPanel.js';
import { VotingPanel } from '../workshop/VotingPanel.js';
import { UnreadCommentsBadge } from '../workshop/WorkshopBadges.js';
import { WorkshopTimer } from '../workshop/WorkshopTimer.js';
import { WorkshopMarksContext, workshopMarksFor } from '../workshop/workshopMarks.js';
import { ACTIONS, type ActionContext, compareBase, matchesShortcut } from './actions.js';
import { CompareView } from './CompareView.js';
import { ExportMenu } from './ExportMenu.js';
import { HelpOverlay } from './HelpOverlay.js';
import { NameDialog } from './NameDialog.js';
import { PeopleBar } from './PeopleBar.js';
import { ShareDialog } from './ShareDialog.js';

interface BoardInfo {
  id: string;
  title: string;
  role: Role;
  links: Record<string, string>;
}

/** What a viewer's toolbar offers: looking, not changing. */
const VIEWER_ACTIONS = new Set(['compare', 'help', 'heat-map']);

const PANEL_TITLES: Record<SidePanel, string> = {
  vision: 'Vision',
  personas: 'Personas',
  friction: 'Friction',
  opportunities: 'Opportunities',
  reasons: 'Reasons',
  workshop: 'Voting',
  comments: 'Comments',
};

const STATUS_TEXT: Record<SaveStatus, string> = {
  connecting: 'Connecting…',
  synced: 'Saved',
  syncing: 'Saving…',
  offline: 'Offline: changes kept in this browser',
  unsaved: 'Not saved: the server cannot store changes. Your edits are kept in this browser.',
};

export function BoardPage({ boardId, token }: { boardId: string; token: string }) {
  const [info, setInfo] = useState<BoardInfo | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    fetch(`/api/boards/${encodeURIComponent(boardId)}`, { headers: { authorization: `Bearer ${token}` } })
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
  if (!info)
    return (
      <p role="status" className="loading">
        Opening the board…
      </p>
    );
  return <LiveBoard info={info} token={token} />;
}

function LiveBoard({ info, token }: { info: BoardInfo; token: string }) {
  const [name, setName] = useState(storedName);
  const [context, setContext] = useState<ActionContext | null>(null);
  useEffect(() => {
    if (!name) return;
    const connection = new BoardConnection({ boardId: info.id, token });
    const bound = createBoardStore(connection, info.role);
    const presence = bindPresence(connection.awareness, name);
    setContext({ connection, store: bound.store, presence });
    return () => {
      presence.dispose();
      bound.dispose();
      connection.destroy();
      setContext(null);
    };
  }, [info.id, info.role, token, name]);
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
  if (!context) {
    return (
      <p role="status" className="loading">
        Opening the board…
      </p>
    );
  }
  return <BoardWorkspace info={info} context={context} />;
}

function BoardWorkspace({ info, context }: { info: BoardInfo; context: ActionContext }) {
  const { store } = context;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.isContentEditable))
        return;
      const state = store.getState();
      const action = ACTIONS.find((a) => matchesShortcut(a, event) && a.enabled(state));
      if (!action) return;
      event.preventDefault();
      action.perform(context);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [context, store]);

  return (
    <WorkshopMarksContext.Provider value={workshopMarksFor(context.connection, store, context.presence.user)}>
      <div className="board">
        <BoardHeader info={info} store={store} context={context} />
        <BoardBody context={context} />
      </div>
    </WorkshopMarksContext.Provider>
  );
}

function BoardBody({ context }: { context: ActionContext }) {
  const { connection, store } = context;
  const state = useStore(store);
  const board = state.board;
  const readOnly = state.role === 'viewer';
  const base = compareBase(state);
  const selectedCard =
    state.selectedCardIds.length === 1 && !state.editingCardId && !state.comparing
      ? board?.cards.find((c) => c.id === state.selectedCardIds[0])
      : undefined;
  return (
    <div className="board-body">
      {state.comparing && board && base ? (
        <CompareView
          board={board}
          fromStateId={base.from}
          toStateId={base.to}
          onClose={() => store.setState({ comparing: false })}
        />
      ) : (
        <ReactFlowProvider>
          <BoardCanvas connection={connection} store={store} presence={context.presence} />
        </ReactFlowProvider>
      )}
      {board && (state.panel || selectedCard) && (
        <aside className={`side-panel side-panel--${state.panel ?? 'card'}`}>
          {state.panel === 'personas' && (
            <PersonasPanel doc={connection.doc} personas={board.personas} readOnly={readOnly} />
          )}
          {state.panel === 'vision' && <VisionPanel doc={connection.doc} board={board} readOnly={readOnly} />}
          {state.panel === 'friction' && <FrictionPanel context={context} />}
          {state.panel === 'opportunities' && <OpportunitiesPanel context={context} />}
          {state.panel === 'reasons' && <ReasonsPanel context={context} />}
          {state.panel === 'workshop' && <VotingPanel context={context} />}
          {state.panel === 'comments' && <CommentsPanel context={context} />}
          {!state.panel && selectedCard && (
            <CardInspector
              doc={connection.doc}
              card={selectedCard}
              personas={board.personas}
              readOnly={readOnly}
              store={store}
              score={
                isFrictionCard(selectedCard, board)
                  ? frictionScore(selectedCard, board.personas, board.settings.scoring)
                  : null
              }
            />
          )}
          {!state.panel && selectedCard && <CardWorkshopFields context={context} card={selectedCard} />}
        </aside>
      )}
    </div>
  );
}

function BoardHeader({
  info,
  store,
  context,
}: {
  info: BoardInfo;
  store: BoardStore;
  context: ActionContext;
}) {
  const state = useStore(store);
  const [sharing, setSharing] = useState(false);
  const title = state.board?.meta.title ?? info.title;
  const journeyStates = state.board?.states ?? [];
  return (
    <header className="board-header">
      <div className="board-header__row">
        <a href="/" className="board-header__home" aria-label="All boards">
          ◧
        </a>
        <h1 className="board-header__title">{title}</h1>
        <output
          className={`save-status save-status--${state.status}`}
          aria-live="polite"
          aria-label="Saving status"
        >
          {STATUS_TEXT[state.status]}
        </output>
        {state.role === 'viewer' && <span className="badge">View only</span>}
        <span className="board-header__spacer" />
        <PeopleBar presence={context.presence} store={store} />
        <WorkshopTimer context={context} />
        <nav aria-label="Panels" className="panel-switch">
          {SIDE_PANELS.map((panel) => (
            <button
              key={panel}
              type="button"
              className="button"
              aria-pressed={state.panel === panel}
              onClick={() =>
                store.setState({ panel: state.panel === panel ? null : panel, commentTarget: null })
              }
            >
              {PANEL_TITLES[panel]}
              {panel === 'comments' && <UnreadCommentsBadge />}
            </button>
          ))}
        </nav>
        <button type="button" className="button" onClick={() => setSharing(true)}>
          Share
        </button>
      </div>
      <div className="board-header__row">
        <div role="tablist" aria-label="Journey states" className="tabs">
          {journeyStates.map((s) => (
            <button
              key={s.id}
              type="button"
              role="tab"
              aria-selected={s.id === state.stateId}
              className="tab"
              onClick={() =>
                store.setState({ stateId: s.id, selectedCardIds: [], editingCardId: null, comparing: false })
              }
            >
              {s.title}
            </button>
          ))}
        </div>
        <span className="board-header__spacer" />
        <div role="toolbar" aria-label="Board actions" className="toolbar">
          <ExportMenu context={context} />
          {ACTIONS.filter(
            (action) => action.inToolbar && (state.role !== 'viewer' || VIEWER_ACTIONS.has(action.id)),
          ).map((action) => (
            <button
              key={action.id}
              type="button"
              className="button"
              aria-label={action.label}
              title={action.shortcut ? `${action.label} (${action.shortcut})` : action.label}
              disabled={!action.enabled(state)}
              aria-pressed={action.pressed?.(state)}
              onClick={() => action.perform(context)}
            >
              {action.label}
            </button>
          ))}
        </div>
      </div>
      {sharing && <ShareDialog links={info.links} onClose={() => setSharing(false)} />}
      {state.showHelp && <HelpOverlay onClose={() => store.setState({ showHelp: false })} />}
    </header>
  );
}
