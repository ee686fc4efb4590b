/**
 * Where the friction on a map rests on nothing but memory (#14): per stage × lane
 * cell, how many friction points have no evidence, neither a linked source (the
 * card's evidence text or kind of source) nor data (contact volumes of its reasons).
 */
import { rankFriction } from './friction.js';
import type { BoardSnapshot, Card } from './model.js';

export interface CoverageCell {
  stageId: string;
  laneId: string;
  /** Friction points in the cell, and those without any evidence. */
  friction: number;
  unsupported: number;
}

export interface EvidenceCoverage {
  cells: CoverageCell[];
  /** Friction points of the state, and those without any evidence. */
  friction: number;
  unsupported: number;
}

/** A friction card is supported by a source named on it, or by data behind its frequency. */
export function hasEvidence(card: Card, fromData: boolean): boolean {
  return fromData || card.evidence.trim() !== '' || card.evidenceSource !== null;
}

export function evidenceCoverage(board: BoardSnapshot, stateId: string): EvidenceCoverage {
  const cells = new Map<string, CoverageCell>();
  let friction = 0;
  let unsupported = 0;
  for (const { card, score } of rankFriction(board, stateId).items) {
    const key = `${card.stageId}|${card.laneId}`;
    const cell = cells.get(key) ?? {
      stageId: card.stageId,
      laneId: card.laneId,
      friction: 0,
      unsupported: 0,
    };
    cell.friction += 1;
    friction += 1;
    if (!hasEvidence(card, score.evidence !== null)) {
      cell.unsupported += 1;
      unsupported += 1;
    }
    cells.set(key, cell);
  }
  return { cells: [...cells.values()], friction, unsupported };
}
