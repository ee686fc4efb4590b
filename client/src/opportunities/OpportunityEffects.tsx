/** What an opportunity does to friction in the future state on show: removes, reduces, and the relief in all. */
import type { FrictionChange, OpportunityEffect } from '@journeyboard/shared';
import { formatScore, OUTCOME_VERBS } from './frictionLinks.js';

function scoreText(change: FrictionChange): string {
  const { scoreBefore: before, scoreAfter: after } = change;
  switch (change.outcome) {
    case 'removed':
      return `(−${formatScore(before)})`;
    case 'added':
      return `(+${formatScore(after)})`;
    case 'unchanged':
      return `(${formatScore(before)})`;
    default:
      return `${formatScore(before)} → ${formatScore(after)}`;
  }
}

export function OpportunityEffects({ effect, compact }: { effect: OpportunityEffect; compact?: boolean }) {
  const { opportunity, changes, relief } = effect;
  if (changes.length === 0) {
    return <p className="effects__none">No linked friction in this state yet.</p>;
  }
  return (
    <div className="effects">
      {!compact && (
        <ul className="effects__list" aria-label={`What ${opportunity.title} changes`}>
          {changes.map((change) => (
            <li
              key={`${change.before?.id ?? ''}>${change.after?.id ?? ''}`}
              className={`effect effect--${change.outcome}`}
            >
              <span className="effect__verb">{OUTCOME_VERBS[change.outcome]}:</span>{' '}
              <span className="effect__text">{(change.before ?? change.after)?.text}</span>{' '}
              <span className="effect__score">{scoreText(change)}</span>
            </li>
          ))}
        </ul>
      )}
      <p className={`effects__relief${relief > 0 ? '' : ' effects__relief--none'}`}>
        Relief {relief > 0 ? `−${formatScore(relief)}` : formatScore(0)}
      </p>
    </div>
  );
}
