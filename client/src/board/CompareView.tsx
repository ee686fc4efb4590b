/**
 * Current and future side by side: each state's grid drawn from the same layout
 * math, with added, removed, changed and moved cards marked, and a count of each;
 * above them, what the change does to friction. The two panes scroll as one, so a
 * lane in one stays level with the same lane in the other.
 */
import { type BoardSnapshot, diffStates, GRID, type GridLayout, layoutState } from '@journeyboard/shared';
import { type UIEvent, useRef } from 'react';
import { FrictionComparison } from '../opportunities/FrictionComparison.js';

const MARKS = {
  added: 'Added',
  removed: 'Removed',
  changed: 'Changed',
  moved: 'Moved',
} as const;
type Mark = keyof typeof MARKS;

const SCALE = 0.5;

/**
 * Scrolling either pane moves the other to the same place. Both panes are drawn the
 * same size (the larger grid's), so neither has to stop short and pull the other back.
 */
function useLinkedScroll() {
  const panes = useRef(new Set<HTMLElement>());
  const ref = (pane: HTMLElement | null) => {
    if (pane) panes.current.add(pane);
  };
  const onScroll = (event: UIEvent<HTMLElement>) => {
    const source = event.currentTarget;
    for (const pane of panes.current) {
      if (!pane.isConnected) panes.current.delete(pane);
      else if (pane !== source) {
        // Setting the same value fires no scroll event: the echo stops here.
        if (pane.scrollTop !== source.scrollTop) pane.scrollTop = source.scrollTop;
        if (pane.scrollLeft !== source.scrollLeft) pane.scrollLeft = source.scrollLeft;
      }
    }
  };
  return { ref, onScroll };
}

function StateGrid({
  layout,
  size,
  marks,
  title,
  scroll,
}: {
  layout: GridLayout;
  /** The size both panes are drawn at, in canvas units. */
  size: { width: number; height: number };
  marks: Map<string, Mark[]>;
  title: string;
  scroll: ReturnType<typeof useLinkedScroll>;
}) {
  return (
    <figure className="compare__state" aria-label={title}>
      <figcaption>{title}</figcaption>
      <div className="compare__scroll" ref={scroll.ref} onScroll={scroll.onScroll}>
        <div className="compare__viewport" style={{ width: size.width * SCALE, height: size.height * SCALE }}>
          <div
            className="compare__grid"
            style={{ width: layout.width, height: layout.height, transform: `scale(${SCALE})` }}
          >
            {layout.columns.map((c) => (
              <div
                key={c.stage.id}
                className="compare__stage"
                style={{ left: c.x, width: c.width, height: layout.height }}
              >
                {c.stage.title}
              </div>
            ))}
            {layout.rows.map((r) => (
              <div
                key={r.lane.id}
                className="compare__lane"
                style={{ top: r.y, height: r.height, width: layout.width }}
              >
                <span style={{ width: GRID.laneHeaderWidth }}>{r.lane.title}</span>
              </div>
            ))}
            {layout.cards.map((p) => {
              const cardMarks = marks.get(p.card.id) ?? [];
              return (
                <article
                  key={p.card.id}
                  aria-label={`${p.card.text}${cardMarks.length ? ` (${cardMarks.map((m) => MARKS[m]).join(', ')})` : ''}`}
                  className={`card card--${p.card.kind} ${cardMarks.map((m) => `card--${m}`).join(' ')}`}
                  style={{
                    position: 'absolute',
                    left: p.x,
                    top: p.y,
                    width: GRID.cardWidth,
                    height: GRID.cardHeight,
                  }}
                >
                  <p className="card__text">{p.card.text}</p>
                  {cardMarks.length > 0 && (
                    <footer className="card__meta">
                      {cardMarks.map((m) => (
                        <span key={m} className={`card__chip mark mark--${m}`}>
                          {MARKS[m]}
                        </span>
                      ))}
                    </footer>
                  )}
                </article>
              );
            })}
          </div>
        </div>
      </div>
    </figure>
  );
}

export function CompareView({
  board,
  fromStateId,
  toStateId,
  onClose,
}: {
  board: BoardSnapshot;
  fromStateId: string;
  toStateId: string;
  onClose(): void;
}) {
  const diff = diffStates(board, fromStateId, toStateId);
  const before = new Map<string, Mark[]>();
  const after = new Map<string, Mark[]>();
  const mark = (map: Map<string, Mark[]>, id: string, m: Mark) => map.set(id, [...(map.get(id) ?? []), m]);
  for (const card of diff.removed) mark(before, card.id, 'removed');
  for (const card of diff.added) mark(after, card.id, 'added');
  for (const pair of diff.changed) {
    mark(before, pair.before.id, 'changed');
    mark(after, pair.after.id, 'changed');
  }
  for (const pair of diff.moved) {
    mark(before, pair.before.id, 'moved');
    mark(after, pair.after.id, 'moved');
  }
  const titleOf = (id: string) => board.states.find((s) => s.id === id)?.title ?? 'State';
  const scroll = useLinkedScroll();
  const from = layoutState(board, fromStateId);
  const to = layoutState(board, toStateId);
  const size = { width: Math.max(from.width, to.width), height: Math.max(from.height, to.height) };
  return (
    <section className="compare" aria-label="Compare states">
      <header className="compare__header">
        <h2>
          {titleOf(fromStateId)} → {titleOf(toStateId)}
        </h2>
        <ul className="compare__summary">
          <li className="mark--added">{diff.added.length} added</li>
          <li className="mark--removed">{diff.removed.length} removed</li>
          <li className="mark--changed">{diff.changed.length} changed</li>
          <li className="mark--moved">{diff.moved.length} moved</li>
        </ul>
        <button type="button" className="button" onClick={onClose}>
          Close comparison
        </button>
      </header>
      <FrictionComparison board={board} fromStateId={fromStateId} toStateId={toStateId} />
      <div className="compare__states">
        <StateGrid layout={from} size={size} marks={before} title={titleOf(fromStateId)} scroll={scroll} />
        <StateGrid layout={to} size={size} marks={after} title={titleOf(toStateId)} scroll={scroll} />
      </div>
    </section>
  );
}
