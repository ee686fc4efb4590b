/**
 * The impact / effort matrix: impact up the side (high at the top), effort along
 * the bottom (low at the left). Each opportunity is a chip: drag it to re-score it,
 * or focus it and use the arrow keys. The quadrant areas are drawn exactly where a
 * drop lands in that quadrant, so what you see is what the scores say.
 */
import {
  type Opportunity,
  QUADRANT_LABELS,
  QUADRANTS,
  type Quadrant,
  quadrantOf,
  SCORE_MAX,
  SCORE_MIN,
  scoresAt,
} from '@journeyboard/shared';
import { type CSSProperties, type KeyboardEvent, type PointerEvent, useId, useRef, useState } from 'react';
import type { BoardActions } from '../actions/dispatch.js';
import { QUADRANT_TITLES } from './opportunityLabels.js';
import { usePointerDrag } from './usePointerDrag.js';

/** Margins of the square kept free around the plotted scores, so chips at the edges stay inside. */
const INSET_X = 0.11;
const INSET_Y = 0.1;
const STEPS = SCORE_MAX - SCORE_MIN;
/** How far apart chips sharing a cell are stacked, in pixels. */
const STACK_GAP = 32;

/** Where a score sits across the square (0..1). */
const xOfEffort = (effort: number) => INSET_X + ((effort - SCORE_MIN) / STEPS) * (1 - 2 * INSET_X);
const yOfImpact = (impact: number) => INSET_Y + ((SCORE_MAX - impact) / STEPS) * (1 - 2 * INSET_Y);

/** The quadrant lines fall halfway between the last score on one side and the first on the other. */
function split(scoreOf: (score: number) => number, sameSide: (score: number) => boolean): number {
  for (let score = SCORE_MIN; score < SCORE_MAX; score++) {
    if (sameSide(score) !== sameSide(score + 1)) return (scoreOf(score) + scoreOf(score + 1)) / 2;
  }
  return 0.5;
}
const SPLIT_X = split(xOfEffort, (effort) => quadrantOf({ impact: SCORE_MAX, effort }) === 'quick-win');
const SPLIT_Y = split(yOfImpact, (impact) => quadrantOf({ impact, effort: SCORE_MIN }) === 'quick-win');

const QUADRANT_AREAS: Record<Quadrant, { left: number; top: number; width: number; height: number }> = {
  'quick-win': { left: 0, top: 0, width: SPLIT_X, height: SPLIT_Y },
  structural: { left: SPLIT_X, top: 0, width: 1 - SPLIT_X, height: SPLIT_Y },
  'fill-in': { left: 0, top: SPLIT_Y, width: SPLIT_X, height: 1 - SPLIT_Y },
  reconsider: { left: SPLIT_X, top: SPLIT_Y, width: 1 - SPLIT_X, height: 1 - SPLIT_Y },
};

const percent = (fraction: number) => `${fraction * 100}%`;

type Scores = { impact: number; effort: number };

const clampScore = (score: number) => Math.min(SCORE_MAX, Math.max(SCORE_MIN, score));

/** Arrow keys step a focused chip: up and down change impact, left and right effort. */
const KEY_STEPS: Record<string, { impact: number; effort: number }> = {
  ArrowUp: { impact: 1, effort: 0 },
  ArrowDown: { impact: -1, effort: 0 },
  ArrowRight: { impact: 0, effort: 1 },
  ArrowLeft: { impact: 0, effort: -1 },
};

export function PriorityMatrix({
  actions,
  opportunities,
  readOnly,
  commit,
}: {
  actions: BoardActions;
  opportunities: Opportunity[];
  readOnly: boolean;
  commit(run: () => unknown): void;
}) {
  const square = useRef<HTMLElement>(null);
  const hintId = useId();
  const [announcement, setAnnouncement] = useState('');
  // The chip in focus is spelled out under the matrix (chips show only the start of a title).
  const [focusedId, setFocusedId] = useState<string | null>(null);

  const rescore = (opportunity: Opportunity, scores: Scores) => {
    if (scores.impact === opportunity.impact && scores.effort === opportunity.effort) return;
    commit(() => actions.edit('updateOpportunity', { id: opportunity.id, ...scores }));
    setAnnouncement(
      `${opportunity.title}: impact ${scores.impact}, effort ${scores.effort}, ${QUADRANT_LABELS[quadrantOf(scores)]}`,
    );
  };

  const byId = new Map(opportunities.map((o) => [o.id, o]));
  // Chips that share a cell are stacked around it: each chip's vertical offset, in pixels.
  const cells = new Map<string, string[]>();
  for (const o of opportunities) {
    const key = `${o.impact}/${o.effort}`;
    cells.set(key, [...(cells.get(key) ?? []), o.id]);
  }
  const stackOffset = new Map<string, number>();
  for (const ids of cells.values()) {
    for (const [i, id] of ids.entries()) stackOffset.set(id, (i - (ids.length - 1) / 2) * STACK_GAP);
  }
  const { drag, handlers } = usePointerDrag<Scores>({
    enabled: !readOnly,
    // The chip's centre, where it was plus how far it travelled, read back as scores.
    targetAt: (id, _event: PointerEvent<HTMLElement>, dx, dy) => {
      const opportunity = byId.get(id);
      const rect = square.current?.getBoundingClientRect();
      if (!opportunity || !rect || rect.width === 0) return null;
      const x = xOfEffort(opportunity.effort) + dx / rect.width;
      const y = yOfImpact(opportunity.impact) + ((stackOffset.get(id) ?? 0) + dy) / rect.height;
      return scoresAt((x - INSET_X) / (1 - 2 * INSET_X), (y - INSET_Y) / (1 - 2 * INSET_Y));
    },
    onDrop: (id, scores) => {
      const opportunity = byId.get(id);
      if (opportunity) rescore(opportunity, scores);
    },
  });

  const onKeyDown = (opportunity: Opportunity, event: KeyboardEvent<HTMLButtonElement>) => {
    const step = KEY_STEPS[event.key];
    if (!step || readOnly || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    // The board's own arrow shortcuts must not also act on the selected card.
    event.stopPropagation();
    rescore(opportunity, {
      impact: clampScore(opportunity.impact + step.impact),
      effort: clampScore(opportunity.effort + step.effort),
    });
  };

  const dropQuadrant = drag?.target ? quadrantOf(drag.target) : null;

  return (
    <div className="matrix">
      <p id={hintId} className="matrix__hint">
        {readOnly
          ? 'Impact against effort for each opportunity.'
          : 'Drag a chip to re-score it, or focus it and use the arrow keys: up and down for impact, left and right for effort.'}
      </p>
      <div className="matrix__frame">
        <span className="matrix__axis matrix__axis--impact" aria-hidden="true">
          Impact →
        </span>
        <section className="matrix__square" ref={square} aria-label="Impact and effort matrix">
          {QUADRANTS.map((quadrant) => {
            const area = QUADRANT_AREAS[quadrant];
            return (
              <div
                key={quadrant}
                className={`matrix__quadrant matrix__quadrant--${quadrant}${dropQuadrant === quadrant ? ' matrix__quadrant--target' : ''}`}
                style={{
                  left: percent(area.left),
                  top: percent(area.top),
                  width: percent(area.width),
                  height: percent(area.height),
                }}
              >
                <span className="matrix__quadrant-label">{QUADRANT_TITLES[quadrant]}</span>
              </div>
            );
          })}
          {opportunities.map((opportunity) => {
            const quadrant = quadrantOf(opportunity);
            const stack = stackOffset.get(opportunity.id) ?? 0;
            const dragging = drag?.id === opportunity.id;
            const style: CSSProperties = {
              left: percent(xOfEffort(opportunity.effort)),
              top: percent(yOfImpact(opportunity.impact)),
              transform: `translate(-50%, -50%) translate(${dragging ? drag.dx : 0}px, ${stack + (dragging ? drag.dy : 0)}px)`,
            };
            return (
              <button
                key={opportunity.id}
                type="button"
                className={`matrix__chip matrix__chip--${quadrant}${readOnly ? '' : ' matrix__chip--movable'}${dragging ? ' matrix__chip--dragging' : ''}${
                  opportunity.status === 'dropped' ? ' matrix__chip--dropped' : ''
                }`}
                style={style}
                aria-label={`${opportunity.title}: impact ${opportunity.impact}, effort ${opportunity.effort}, ${QUADRANT_LABELS[quadrant]}`}
                aria-describedby={hintId}
                title={opportunity.title}
                data-opportunity-id={opportunity.id}
                onKeyDown={(event) => onKeyDown(opportunity, event)}
                onFocus={() => setFocusedId(opportunity.id)}
                onBlur={() => setFocusedId(null)}
                {...handlers(opportunity.id)}
              >
                {opportunity.title}
              </button>
            );
          })}
        </section>
        <span className="matrix__axis matrix__axis--effort" aria-hidden="true">
          Effort →
        </span>
      </div>
      <MatrixDetail
        opportunity={byId.get(drag?.id ?? focusedId ?? '') ?? null}
        scores={drag?.target ?? null}
        opportunities={opportunities}
      />
      <p className="opportunities__announcer" aria-live="polite">
        {announcement}
      </p>
    </div>
  );
}

/** Under the matrix: the chip in hand or in focus, in full; otherwise how many fall in each quadrant. */
function MatrixDetail({
  opportunity,
  scores,
  opportunities,
}: {
  opportunity: Opportunity | null;
  /** Where the chip being dragged would land. */
  scores: Scores | null;
  opportunities: Opportunity[];
}) {
  if (opportunity) {
    const shown = scores ?? opportunity;
    const quadrant = quadrantOf(shown);
    return (
      <p className="matrix__detail" aria-hidden="true">
        <strong>{opportunity.title}</strong>
        <span className={`quadrant-tag quadrant-tag--${quadrant}`}>{QUADRANT_LABELS[quadrant]}</span>
        <span className="opportunity-tag">
          Impact {shown.impact} · Effort {shown.effort}
        </span>
      </p>
    );
  }
  return (
    <p className="matrix__detail matrix__detail--counts">
      {QUADRANTS.map((quadrant) => (
        <span key={quadrant} className={`quadrant-tag quadrant-tag--${quadrant}`}>
          {QUADRANT_TITLES[quadrant]}: {opportunities.filter((o) => quadrantOf(o) === quadrant).length}
        </span>
      ))}
    </p>
  );
}
