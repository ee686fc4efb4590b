import '@xyflow/react/dist/style.css';
import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { takeBoardRoute } from './boardLink.js';
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

// Each page is its own chunk: the start page never loads the canvas, and a board
// starts fetching its code as soon as this first small chunk runs.
const BoardPage = lazy(() => import('./board/BoardPage.js').then((m) => ({ default: m.BoardPage })));
const HomePage = lazy(() => import('./home/HomePage.js').then((m) => ({ default: m.HomePage })));

/** Two pages: the start page, and a board at /b/<id>#token=<token> (or its presentation at /p/<id>#token=<token>). */
function App() {
  return (
    <Suspense
      fallback={
        <p role="status" className="loading">
          {route ? 'Opening the board…' : 'Loading…'}
        </p>
      }
    >
      {route ? (
        <BoardPage boardId={route.boardId} token={route.token} watching={route.watching} />
      ) : (
        <HomePage />
      )}
    </Suspense>
  );
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
