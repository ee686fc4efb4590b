import '@xyflow/react/dist/style.css';
import { type ReactNode, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { takeBoardRoute } from './boardLink.js';
import { startBoardEarly } from './sync/earlyBoard.js';
// Tokens, then base, which every feature's rules read and override; then the features in
// their old order in one stylesheet: where two rules of equal weight meet (a compared
// card's outline, an addressed card's chip), the later one wins.
import './styles/tokens.css';
import './styles/base.css';
import './home/home.css';
import './board/board.css';
import './board/toolbar.css';
import './canvas/canvas.css';
import './panels/panels.css';
import './panels/reasons.css';
import './evidence/evidence.css';
import './canvas/stage-metrics.css';
import './board/compare.css';
import './analytics/analytics.css';
import './workshop/workshop.css';
import './workshop/comments.css';
import './workshop/voting.css';
import './opportunities/opportunities.css';
import './opportunities/matrix.css';
import './opportunities/roadmap.css';
import './opportunities/friction-comparison.css';

/** Read once, before the first render: it takes the token out of the address bar. */
const route = takeBoardRoute();
// The board's details, identity and socket start now, while its code is on its way.
if (route) startBoardEarly(route.boardId, route.token, route.watching);

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root');
const root = createRoot(container);
const show = (page: ReactNode) => root.render(<StrictMode>{page}</StrictMode>);

// Each page is its own chunk: the start page never loads the canvas, and a board starts
// fetching its code as soon as this first small chunk runs. The page is rendered once its
// chunk is here, as a plain update: a lazy page under Suspense would be revealed as a
// retry, which React holds back until 300 ms after its fallback showed (a third of a big
// board's whole mount, spent idle).
show(
  <p role="status" className="loading">
    {route ? 'Opening the board…' : 'Loading…'}
  </p>,
);
const page: Promise<ReactNode> = route
  ? import('./board/BoardPage.js').then(({ BoardPage }) => (
      <BoardPage boardId={route.boardId} token={route.token} watching={route.watching} />
    ))
  : import('./home/HomePage.js').then(({ HomePage }) => <HomePage />);
page.then(show, () =>
  show(
    <main className="home">
      <h1>Journeyboard</h1>
      <p role="alert">Journeyboard could not load. Check the connection and reload the page.</p>
      <button type="button" className="button button--primary" onClick={() => location.reload()}>
        Reload
      </button>
    </main>,
  ),
);
