/**
 * The business case of a redesign: total friction before and after, per stage, and
 * which friction points were removed, reduced, made worse or added, with the
 * opportunities behind each.
 */
import {
  type BoardSnapshot,
  diffFriction,
  type FrictionChange,
  type FrictionOutcome,
} from '@journeyboard/shared';
import { formatChange, formatScore } from './frictionLinks.js';

const GROUPS: Array<{ outcome: FrictionOutcome; title: string }> = [
  { outcome: 'removed', title: 'Removed' },
  { outcome: 'reduced', title: 'Reduced' },
  { outcome: 'increased', title: 'Increased' },
  { outcome: 'added', title: 'New friction' },
];

function ChangeItem({ change }: { change: FrictionChange }) {
  const card = change.before ?? change.after;
  return (
    <li className={`friction-change friction-change--${change.outcome}`}>
      <span className="friction-change__text">{card?.text || 'Empty card'}</span>
      <span className="friction-change__score">
        {change.outcome === 'removed'
          ? `−${formatScore(change.scoreBefore)}`
          : change.outcome === 'added'
            ? `+${formatScore(change.scoreAfter)}`
            : `${formatScore(change.scoreBefore)} → ${formatScore(change.scoreAfter)}`}
      </span>
      {change.opportunities.length > 0 && (
        <span className="friction-change__by">
          by{' '}
          {change.opportunities.map((o) => (
            <span key={o.id} className="friction-change__opportunity">
              {o.title}
            </span>
          ))}
        </span>
      )}
    </li>
  );
}

export function FrictionComparison({
  board,
  fromStateId,
  toStateId,
}: {
  board: BoardSnapshot;
  fromStateId: string;
  toStateId: string;
}) {
  const diff = diffFriction(board, fromStateId, toStateId);
  if (diff.changes.length === 0) {
    return (
      <section className="friction-diff friction-diff--empty" aria-label="Friction before and after">
        <p className="muted">
          No friction points in either state yet: add friction cards with a severity to see what the redesign
          removes.
        </p>
      </section>
    );
  }
  const change = formatChange(diff.totalBefore, diff.totalAfter);
  const direction =
    diff.totalAfter < diff.totalBefore ? 'down' : diff.totalAfter > diff.totalBefore ? 'up' : 'flat';
  const widest = Math.max(0, ...diff.stages.flatMap((s) => [s.before, s.after]));
  const width = (score: number) => `${widest > 0 ? (score / widest) * 100 : 0}%`;
  const count = (outcome: FrictionOutcome) => diff.changes.filter((c) => c.outcome === outcome).length;

  return (
    <section className="friction-diff" aria-label="Friction before and after">
      <div className="friction-diff__total">
        <h3>Total friction score</h3>
        <p className="friction-diff__numbers">
          <span className="friction-diff__before">{formatScore(diff.totalBefore)}</span> →{' '}
          <span className="friction-diff__after">{formatScore(diff.totalAfter)}</span>
        </p>
        {change && (
          <p className={`friction-diff__change friction-diff__change--${direction}`}>
            {change}{' '}
            {direction === 'up' ? 'more friction' : direction === 'down' ? 'less friction' : 'change'}
          </p>
        )}
        <p className="friction-diff__counts">
          {count('removed')} removed · {count('reduced')} reduced · {count('increased')} increased ·{' '}
          {count('added')} new
        </p>
        <p className="friction-diff__legend" aria-hidden="true">
          <span className="friction-diff__key friction-diff__key--before" /> before
          <span className="friction-diff__key friction-diff__key--after" /> after
        </p>
      </div>
      <div className="friction-diff__stages">
        <h3>By stage</h3>
        <ul>
          {diff.stages.map((stage) => (
            <li key={stage.stageId} className="friction-stage">
              <span className="friction-stage__title">{stage.title}</span>
              <span className="friction-stage__bars" aria-hidden="true">
                <span
                  className="friction-stage__bar friction-stage__bar--before"
                  style={{ width: width(stage.before) }}
                />
                <span
                  className="friction-stage__bar friction-stage__bar--after"
                  style={{ width: width(stage.after) }}
                />
              </span>
              <span className="friction-stage__values">
                {formatScore(stage.before)} → {formatScore(stage.after)}
              </span>
            </li>
          ))}
        </ul>
      </div>
      <div className="friction-diff__changes">
        {GROUPS.map(({ outcome, title }) => {
          const changes = diff.changes.filter((c) => c.outcome === outcome);
          if (changes.length === 0) return null;
          return (
            <div key={outcome} className="friction-diff__group">
              <h3>
                {title} <span className="friction-diff__group-count">{changes.length}</span>
              </h3>
              <ul aria-label={`Friction ${title.toLowerCase()}`}>
                {changes.map((c) => (
                  <ChangeItem key={`${c.before?.id ?? ''}>${c.after?.id ?? ''}`} change={c} />
                ))}
              </ul>
            </div>
          );
        })}
        {count('unchanged') > 0 && <p className="muted">{count('unchanged')} friction points unchanged.</p>}
      </div>
    </section>
  );
}
