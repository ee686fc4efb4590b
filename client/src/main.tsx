import '@xyflow/react/dist/style.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BoardPage } from './board/BoardPage.js';
import { takeBoardRoute } from './boardLink.js';
import { HomePage } from './home/HomePage.js';
import './theme.css';

/** Read once, before the first render: it takes the token out of the address bar. */
const route = takeBoardRoute();

/** Two pages: the start page, and a board at /b/<id>#token=<token>. */
function App() {
  if (route) return <BoardPage boardId={route.boardId} token={route.token} />;
  return <HomePage />;
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
