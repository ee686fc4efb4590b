/**
 * The impact / effort matrix: impact up the side (high at the top), effort along
 * the bottom (low at the left). Each quadrant lists its opportunities as chips that
 * wrap with their whole titles, highest impact for the least effort first. Drag a
 * chip to re-score it: the quadrant it lands in, and where in that quadrant (higher
 * is more impact, further right more effort), give its scores. Or focus it and use
 * the arrow keys.
 */
import {
  type Opportunity,
  QUADRANT_LABELS,
  QUADRANT_SCORES,
  QUADRANT_TITLES,
  QUADRANTS,
  type Quadrant,
  quadrantOf,
  SCORE_MAX,
  SCORE_MIN,
  type ScoreRange,
  scoresInQuadrant,
} from '@journeyboard/shared';
import { type CSSProperties, type KeyboardEvent, type PointerEvent, useId, useRef, useState } from 'react';
import type { BoardActions } from '../actions/dispatch.js';
import { usePointerDrag } from './usePointerDrag.js';

type Scores = { impact: number; effort: number };

/** Columns and rows share the square as the quadrants share the scores (two low-effort scores of five). */
const span = (range: ScoreRange) => range.high - range.low + 1;
const SQUARE_STYLE: CSSProperties = {
  gridTemplateColumns: `${span(QUADRANT_SCORES['quick-win'].effort)}fr ${span(QUADRANT_SCORES.structural.effort)}fr`,
  gridTemplateRows: `minmax(${span(QUADRANT_SCORES['quick-win'].impact) * 3.5}em, auto) minmax(${span(QUADRANT_SCORES['fill-in'].impact) * 3.5}em, auto)`,
};

/** Highest impact first, then least effort: the best bets lead each quadrant. */
const byPromise = (a: Opportunity, b: Opportunity) => b.impact - a.impact || a.effort - b.effort;

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
  const quadrantBoxes = useRef(new Map<Quadrant, HTMLElement>());
  const hintId = useId();
  const [announcement, setAnnouncement] = useState('');
  // The chip in hand or in focus is spelled out under the matrix with its scores.
  const [focusedId, setFocusedId] = useState<string | null>(null);

  const rescore = (opportunity: Opportunity, scores: Scores) => {
    if (scores.impact === opportunity.impact && scores.effort === opportunity.effort) return;
    commit(() => actions.edit('updateOpportunity', { id: opportunity.id, ...scores }));
    setAnnouncement(
      `${opportunity.title}: impact ${scores.impact}, effort ${scores.effort}, ${QUADRANT_LABELS[quadrantOf(scores)]}`,
    );
  };

  const byId = new Map(opportunities.map((o) => [o.id, o]));
  const { drag, handlers } = usePointerDrag<Scores>({
    enabled: !readOnly,
    // The quadrant under the pointer (the nearest one outside the square), and where in it.
    targetAt: (_id, event: PointerEvent<HTMLElement>) => {
      const topLeft = quadrantBoxes.current.get('quick-win')?.getBoundingClientRect();
      if (!topLeft || topLeft.width === 0) return null;
      const left = event.clientX < topLeft.right;
      const top = event.clientY < topLeft.bottom;
      const quadrant = QUADRANTS.find((q) => {
        const area = QUADRANT_SCORES[q];
        return (area.effort.low === SCORE_MIN) === left && (area.impact.high === SCORE_MAX) === top;
      });
      const box = quadrant && quadrantBoxes.current.get(quadrant)?.getBoundingClientRect();
      return quadrant && box
        ? scoresInQuadrant(
            quadrant,
            (event.clientX - box.left) / box.width,
            (event.clientY - box.top) / box.height,
          )
        : null;
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
        <section className="matrix__square" style={SQUARE_STYLE} aria-label="Impact and effort matrix">
          {QUADRANTS.map((quadrant) => (
            <div
              key={quadrant}
              ref={(element) => {
                if (element) quadrantBoxes.current.set(quadrant, element);
                else quadrantBoxes.current.delete(quadrant);
              }}
              className={`matrix__quadrant matrix__quadrant--${quadrant}${dropQuadrant === quadrant ? ' matrix__quadrant--target' : ''}`}
            >
              <span className="matrix__quadrant-label">{QUADRANT_TITLES[quadrant]}</span>
              {opportunities
                .filter((opportunity) => quadrantOf(opportunity) === quadrant)
                .sort(byPromise)
                .map((opportunity) => {
                  const dragging = drag?.id === opportunity.id;
                  const scores = `impact ${opportunity.impact}, effort ${opportunity.effort}`;
                  return (
                    <button
                      key={opportunity.id}
                      type="button"
                      className={`matrix__chip matrix__chip--${quadrant}${readOnly ? '' : ' matrix__chip--movable'}${dragging ? ' matrix__chip--dragging' : ''}${
                        opportunity.status === 'dropped' ? ' matrix__chip--dropped' : ''
                      }`}
                      style={dragging ? { transform: `translate(${drag.dx}px, ${drag.dy}px)` } : undefined}
                      aria-label={`${opportunity.title}: ${scores}, ${QUADRANT_LABELS[quadrant]}`}
                      aria-describedby={hintId}
                      title={`${opportunity.title} (${scores})`}
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
            </div>
          ))}
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
