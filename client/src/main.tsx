import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { HomePage } from './home/HomePage.js';
import './theme.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <HomePage />
  </StrictMode>,
);
