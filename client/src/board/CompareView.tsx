/**
 * Current and future side by side: each state's grid drawn from the same layout
 * math, with added, removed, changed and moved cards marked, and a count of each;
 * above them, what the change does to friction.
 */
import { type BoardSnapshot, diffStates, GRID, type GridLayout, layoutState } from '@journeyboard/shared';
import { FrictionComparison } from '../opportunities/FrictionComparison.js';

const MARKS = {
  added: 'Added',
  removed: 'Removed',
  changed: 'Changed',
  moved: 'Moved',
} as const;
type Mark = keyof typeof MARKS;

function StateGrid({
  layout,
  marks,
  title,
}: {
  layout: GridLayout;
  marks: Map<string, Mark[]>;
  title: string;
}) {
  const scale = 0.5;
  return (
    <figure className="compare__state" aria-label={title}>
      <figcaption>{title}</figcaption>
      <div className="compare__scroll">
        <div
          className="compare__viewport"
          style={{ width: layout.width * scale, height: layout.height * scale }}
        >
          <div
            className="compare__grid"
            style={{ width: layout.width, height: layout.height, transform: `scale(${scale})` }}
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
        <StateGrid layout={layoutState(board, fromStateId)} marks={before} title={titleOf(fromStateId)} />
        <StateGrid layout={layoutState(board, toStateId)} marks={after} title={titleOf(toStateId)} />
      </div>
    </section>
  );
}
