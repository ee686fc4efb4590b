/** What nodes may ask the canvas to do, passed by context so node data stays plain and memoised nodes stay put. */
import type { CommandInput } from '@journeyboard/shared';
import { createContext, useContext } from 'react';

export interface CanvasCommands {
  readOnly: boolean;
  renameStage(id: string, title: string): void;
  moveStage(id: string, delta: -1 | 1): void;
  removeStage(id: string): void;
  renameLane(id: string, title: string): void;
  moveLane(id: string, delta: -1 | 1): void;
  removeLane(id: string): void;
  /** Sets a stage metric; throws BoardCommandError for a refused value (the editor shows why). */
  setStageMetric(input: CommandInput<'setMetric'>): void;
  removeStageMetric(id: string): void;
}

export const CanvasCommandsContext = createContext<CanvasCommands | null>(null);

export function useCanvasCommands(): CanvasCommands {
  const commands = useContext(CanvasCommandsContext);
  if (!commands) throw new Error('canvas nodes render inside BoardCanvas');
  return commands;
}
