/**
 * Below the card inspector: what the workshop adds to a card. Each participant's
 * own feeling about a step (so the map shows where people disagree, not only the
 * agreed emotion), and the interaction reasons a touchpoint or friction point is
 * tagged with.
 */
import { type Card, EMOTION_MAX, EMOTION_MIN, emotionSpread, isFrictionCard } from '@journeyboard/shared';
import { useStore } from 'zustand';
import type { BoardActions } from '../actions/dispatch.js';
import { mayTouch } from '../store/selectors.js';
import { CommandError, useCommit } from '../ui/fields.js';

const SCORES = Array.from({ length: EMOTION_MAX - EMOTION_MIN + 1 }, (_, i) => EMOTION_MIN + i);
const signed = (value: number) => (value > 0 ? `+${value}` : String(value));

export function CardWorkshopFields({ actions, card }: { actions: BoardActions; card: Card }) {
  const { store, presence } = actions;
  const board = useStore(store, (s) => s.board);
  // Each person rates under their own id; tags are the card's own, its author's or an editor's.
  const mayRate = useStore(store, (s) =>
    mayTouch(s, { kind: 'personal', part: 'emotionRatings', owner: presence.user.id }),
  );
  const mayTag = useStore(store, (s) =>
    mayTouch(s, { kind: 'edit', collection: 'cards', id: card.id, fields: ['reasonIds'] }),
  );
  const [error, commit] = useCommit();
  if (!board) return null;
  const lane = board.lanes.find((l) => l.id === card.laneId);
  const isEmotionStep = card.kind === 'emotion' || lane?.kind === 'emotions';
  const taggable = card.kind === 'touchpoint' || lane?.kind === 'touchpoints' || isFrictionCard(card, board);
  const mine = board.emotionRatings.find((r) => r.cardId === card.id && r.userId === presence.user.id);
  const spread = emotionSpread(board, card.id);
  const primaries = board.reasons.filter((r) => r.parentId === null);
  if (!isEmotionStep && !taggable) return null;

  return (
    <section className="inspector" aria-label="Workshop input">
      <CommandError message={error} />
      {isEmotionStep && (
        <>
          <h3>How it feels to each of us</h3>
          {mayRate && (
            <fieldset className="my-emotion" aria-label="My feeling about this step">
              {SCORES.map((score) => (
                <button
                  key={score}
                  type="button"
                  className="button"
                  aria-pressed={mine?.score === score}
                  aria-label={`I feel ${signed(score)}`}
                  onClick={() =>
                    commit(() =>
                      actions.edit('rateEmotion', {
                        cardId: card.id,
                        userId: presence.user.id,
                        score: mine?.score === score ? null : score,
                      }),
                    )
                  }
                >
                  {signed(score)}
                </button>
              ))}
            </fieldset>
          )}
          <output className="emotion-spread" aria-label="Everyone's feeling">
            {spread
              ? `${spread.count} ${spread.count === 1 ? 'person' : 'people'}: average ${signed(spread.mean)}, from ${signed(spread.min)} to ${signed(spread.max)}${spread.spread >= 1 ? ' — people disagree here' : ''}`
              : 'Nobody has scored this step yet.'}
          </output>
        </>
      )}
      {taggable && (
        <>
          <h3>Interaction reasons</h3>
          {primaries.length === 0 ? (
            <p className="muted">No reasons on this board yet: add them in the Reasons panel.</p>
          ) : (
            <fieldset className="reason-tags" aria-label="Interaction reasons of this card">
              {board.reasons.map((reason) => (
                <label key={reason.id} className={reason.parentId ? 'reason-tags__secondary' : undefined}>
                  <input
                    type="checkbox"
                    checked={card.reasonIds.includes(reason.id)}
                    disabled={!mayTag}
                    onChange={(event) =>
                      commit(() =>
                        actions.edit('tagReason', {
                          cardId: card.id,
                          reasonId: reason.id,
                          tagged: event.target.checked,
                        }),
                      )
                    }
                  />
                  {reason.title}
                </label>
              ))}
            </fieldset>
          )}
        </>
      )}
    </section>
  );
}
