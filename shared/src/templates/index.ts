/** The templates a board can start from (createBoard, in ./create-board.ts, lays one into a document). */
import { baggageRecoveryTemplate } from './baggage-recovery.js';
import { onlineOrderTemplate } from './online-order.js';
import { blankJourneyTemplate, serviceBlueprintTemplate } from './starters.js';
import type { BoardTemplate } from './types.js';

export type { BoardTemplate } from './types.js';

export const TEMPLATES: readonly BoardTemplate[] = [
  blankJourneyTemplate,
  serviceBlueprintTemplate,
  onlineOrderTemplate,
  baggageRecoveryTemplate,
];

export interface TemplateSummary {
  id: string;
  title: string;
  description: string;
}

/** What `GET /api/templates` lists. */
export function listTemplates(): TemplateSummary[] {
  return TEMPLATES.map(({ id, title, description }) => ({ id, title, description }));
}

export function findTemplate(id: string): BoardTemplate | undefined {
  return TEMPLATES.find((template) => template.id === id);
}
