/**
 * The roadmap: Now / Next / Later columns, best impact-for-effort first in each.
 * A card moves by dragging it to another column, or with its move buttons.
 */
import {
  HORIZONS,
  type Horizon,
  type Opportunity,
  type OpportunityEffect,
  QUADRANT_LABELS,
  quadrantOf,
  roadmap,
} from '@journeyboard/shared';
import type { PointerEvent } from 'react';
import type { BoardActions } from '../actions/dispatch.js';
import { formatScore } from './frictionLinks.js';
import { HORIZON_LABELS, STATUS_LABELS } from './opportunityLabels.js';
import { usePointerDrag } from './usePointerDrag.js';

const HORIZON_HINTS: Record<Horizon, string> = {
  now: 'This quarter',
  next: 'Next one or two quarters',
  later: 'Further out',
};

/** The roadmap column under the pointer, looking past the card being dragged. */
function horizonUnder(event: PointerEvent<HTMLElement>): Horizon | null {
  for (const element of document.elementsFromPoint(event.clientX, event.clientY)) {
    if (event.currentTarget.contains(element)) continue;
    const column = element.closest<HTMLElement>('[data-horizon]');
    const horizon = column?.dataset.horizon as Horizon | undefined;
    if (horizon && HORIZONS.includes(horizon)) return horizon;
  }
  return null;
}

export function RoadmapBoard({
  actions,
  opportunities,
  readOnly,
  effects,
  commit,
}: {
  actions: BoardActions;
  opportunities: Opportunity[];
  readOnly: boolean;
  effects: ReadonlyMap<string, OpportunityEffect> | null;
  commit(run: () => unknown): void;
}) {
  const lanes = roadmap(opportunities);
  const dropped = opportunities.filter((o) => o.status === 'dropped').length;
  const move = (opportunity: Opportunity, horizon: Horizon) => {
    if (opportunity.horizon !== horizon)
      commit(() => actions.edit('updateOpportunity', { id: opportunity.id, horizon }));
  };
  const byId = new Map(opportunities.map((o) => [o.id, o]));
  const { drag, handlers } = usePointerDrag<Horizon>({
    enabled: !readOnly,
    targetAt: (_id, event) => horizonUnder(event),
    onDrop: (id, horizon) => {
      const opportunity = byId.get(id);
      if (opportunity) move(opportunity, horizon);
    },
  });

  return (
    <div className="roadmap">
      <div className="roadmap__columns">
        {HORIZONS.map((horizon) => (
          <section
            key={horizon}
            className={`roadmap__column${drag?.target === horizon ? ' roadmap__column--target' : ''}`}
            aria-label={HORIZON_LABELS[horizon]}
            data-horizon={horizon}
          >
            <header className="roadmap__column-header">
              <h3>{HORIZON_LABELS[horizon]}</h3>
              <span className="roadmap__count">{lanes[horizon].length}</span>
              <p>{HORIZON_HINTS[horizon]}</p>
            </header>
            {lanes[horizon].length === 0 ? (
              <p className="roadmap__empty">Nothing planned here.</p>
            ) : (
              <ul className="roadmap__cards">
                {lanes[horizon].map((opportunity) => {
                  const quadrant = quadrantOf(opportunity);
                  const dragging = drag?.id === opportunity.id;
                  const relief = effects?.get(opportunity.id)?.relief;
                  return (
                    <li
                      key={opportunity.id}
                      className={`roadmap__card roadmap__card--${quadrant}${dragging ? ' roadmap__card--dragging' : ''}${readOnly ? '' : ' roadmap__card--movable'}`}
                      aria-label={opportunity.title}
                      style={dragging ? { transform: `translate(${drag.dx}px, ${drag.dy}px)` } : undefined}
                      {...handlers(opportunity.id)}
                    >
                      <strong className="roadmap__title">{opportunity.title}</strong>
                      <div className="roadmap__meta">
                        <span className={`quadrant-tag quadrant-tag--${quadrant}`}>
                          {QUADRANT_LABELS[quadrant]}
                        </span>
                        <span className={`opportunity-tag opportunity-tag--${opportunity.status}`}>
                          {STATUS_LABELS[opportunity.status]}
                        </span>
                        <span className="opportunity-tag" title="Impact and effort, 1 to 5">
                          I{opportunity.impact} · E{opportunity.effort}
                        </span>
                      </div>
                      {opportunity.owner && <p className="roadmap__owner">{opportunity.owner}</p>}
                      {relief !== undefined && relief > 0 && (
                        <p className="roadmap__relief">Relieves {formatScore(relief)} friction</p>
                      )}
                      {!readOnly && (
                        <div className="roadmap__moves">
                          {HORIZONS.filter((h) => h !== horizon).map((target) => (
                            <button
                              key={target}
                              type="button"
                              className="button button--quiet roadmap__move"
                              aria-label={`Move ${opportunity.title} to ${HORIZON_LABELS[target]}`}
                              onClick={() => move(opportunity, target)}
                            >
                              {HORIZONS.indexOf(target) < HORIZONS.indexOf(horizon) ? '← ' : ''}
                              {HORIZON_LABELS[target]}
                              {HORIZONS.indexOf(target) > HORIZONS.indexOf(horizon) ? ' →' : ''}
                            </button>
                          ))}
                        </div>
                      )}
                    </li>
                  );
                })}
              </ul>
            )}
          </section>
        ))}
      </div>
      {dropped > 0 && (
        <p className="muted">
          {dropped} dropped {dropped === 1 ? 'opportunity is' : 'opportunities are'} left off the roadmap.
        </p>
      )}
    </div>
  );
}
