import '@xyflow/react/dist/style.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BoardPage } from './board/BoardPage.js';
import { HomePage } from './home/HomePage.js';
import './theme.css';

/** Two pages: the start page, and a board at /b/<id>#token=<token>. */
function App() {
  const match = /^\/b\/([^/]+)$/.exec(location.pathname);
  const token = new URLSearchParams(location.hash.slice(1)).get('token');
  if (match?.[1] && token) return <BoardPage boardId={decodeURIComponent(match[1])} token={token} />;
  return <HomePage />;
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
