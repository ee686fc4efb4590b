/** The board's actions for components React Flow renders (nodes cannot take them as props). */
import { createContext, useContext } from 'react';
import type { BoardActions } from './dispatch.js';

export const ActionsContext = createContext<BoardActions | null>(null);

export function useActions(): BoardActions {
  const actions = useContext(ActionsContext);
  if (!actions) throw new Error('components using actions render inside a live board');
  return actions;
}
