/** The inspector: every field of the selected card, friction evidence included, and its shared notes. */
import {
  CARD_KINDS,
  type Card,
  COMMON_CHANNELS,
  CONFIDENCE_LEVELS,
  type CommandInput,
  describeEvidence,
  ENTITIES,
  EPIC_DIMENSIONS,
  EVIDENCE_SOURCES,
  FREQUENCY_PERIODS,
  type FrictionScore,
  type Persona,
} from '@journeyboard/shared';
import { useStore } from 'zustand';
import type { BoardActions } from '../actions/dispatch.js';
import { FrictionScoreBlock } from '../analytics/FrictionScoreView.js';
import { CardOpportunities } from '../opportunities/CardOpportunities.js';
import { mayEditCollection, touchRefused } from '../store/selectors.js';
import { ChoiceField, CommandError, pasteWithin, TextField, textLimit, useCommit } from '../ui/fields.js';
import { CardCommentsButton } from '../workshop/WorkshopBadges.js';

const none = { value: null, label: '—' } as const;
/** Characters of a count typed in "How often": the largest count the board takes (1e9) has 10 digits. */
const COUNT_CHARS = 16;
const choices = <T extends string>(values: readonly T[]) => [
  none,
  ...values.map((value) => ({ value, label: value })),
];

export function CardInspector({
  actions,
  card,
  personas,
  score,
}: {
  actions: BoardActions;
  card: Card;
  personas: Persona[];
  /** The card's friction score, for friction points (by kind or lane). */
  score?: FrictionScore | null;
}) {
  // Read-only unless the write rules let this person change the card: their own, or any for an editor.
  const refusal = useStore(actions.store, (s) =>
    touchRefused(s, { kind: 'edit', collection: 'cards', id: card.id, fields: ['text'] }),
  );
  const readOnly = refusal !== null;
  const mayLinkOpportunities = useStore(actions.store, (s) => mayEditCollection(s, 'opportunities'));
  const [error, commit] = useCommit();
  const update = (patch: Omit<CommandInput<'updateCard'>, 'id'>) =>
    commit(() => actions.edit('updateCard', { id: card.id, ...patch }));
  const friction = card.friction;
  const limitOf = (key: string) => ({ max: textLimit(ENTITIES.cards, key), announce: actions.announce });
  return (
    <section className="inspector" aria-label="Card details">
      <div className="inspector__heading">
        <h2>Card</h2>
        <CardCommentsButton cardId={card.id} />
      </div>
      {refusal && (
        <p className="inspector__note">{`${refusal.charAt(0).toUpperCase()}${refusal.slice(1)}.`}</p>
      )}
      <CommandError message={error} />
      <TextField
        label="Text"
        limit={limitOf('text')}
        value={card.text}
        readOnly={readOnly}
        multiline
        onCommit={(text) => update({ text })}
      />
      <ChoiceField
        label="Kind"
        value={card.kind}
        options={CARD_KINDS.map((value) => ({ value, label: value }))}
        readOnly={readOnly}
        onChange={(kind) => kind && update({ kind })}
      />
      <TextField
        label="Channel"
        limit={limitOf('channel')}
        value={card.channel ?? ''}
        readOnly={readOnly}
        list="journeyboard-channels"
        onCommit={(channel) => update({ channel: channel.trim() || null })}
      />
      <datalist id="journeyboard-channels">
        {COMMON_CHANNELS.map((channel) => (
          <option key={channel} value={channel} />
        ))}
      </datalist>
      <ChoiceField
        label="Emotion"
        value={card.emotion}
        options={[
          none,
          ...[-2, -1, 0, 1, 2].map((value) => ({ value, label: value > 0 ? `+${value}` : String(value) })),
        ]}
        readOnly={readOnly}
        onChange={(emotion) => update({ emotion })}
      />
      <TextField
        label="Owner"
        limit={limitOf('owner')}
        value={card.owner}
        readOnly={readOnly}
        onCommit={(owner) => update({ owner })}
      />

      <h3>Friction</h3>
      {score && <FrictionScoreBlock score={score} />}
      <CardOpportunities actions={actions} card={card} readOnly={!mayLinkOpportunities} />
      <ChoiceField
        label="Severity"
        value={friction.severity}
        options={[none, ...[1, 2, 3, 4, 5].map((value) => ({ value, label: `${value}` }))]}
        readOnly={readOnly}
        onChange={(severity) => update({ friction: { severity } })}
      />
      <div className="field-row">
        <TextField
          label="How often"
          limit={{ max: COUNT_CHARS, announce: actions.announce }}
          value={friction.frequency ? String(friction.frequency.count) : ''}
          readOnly={readOnly}
          onCommit={(count) => {
            if (count.trim() === '') return update({ friction: { frequency: null } });
            update({
              friction: { frequency: { count: Number(count), period: friction.frequency?.period ?? 'week' } },
            });
          }}
        />
        <ChoiceField
          label="Per"
          value={friction.frequency?.period ?? null}
          options={choices(FREQUENCY_PERIODS)}
          readOnly={readOnly || !friction.frequency}
          onChange={(period) =>
            period &&
            friction.frequency &&
            update({ friction: { frequency: { count: friction.frequency.count, period } } })
          }
        />
      </div>
      {score?.evidence && (
        <p
          className={`evidence-frequency${score.frequencySource === 'typed' ? ' evidence-frequency--overridden' : ''}`}
          role="note"
        >
          {score.frequencySource === 'evidence'
            ? `From evidence: ${describeEvidence(score.evidence)}`
            : `Typed by hand, overriding the evidence: ${describeEvidence(score.evidence)}.`}
          {score.frequencySource === 'typed' && !readOnly && (
            <>
              {' '}
              <button
                type="button"
                className="link-button"
                onClick={() => update({ friction: { frequency: null } })}
              >
                Use the evidence
              </button>
            </>
          )}
        </p>
      )}
      <ChoiceField
        label="Segment"
        value={friction.segmentId}
        options={[none, ...personas.map((p) => ({ value: p.id, label: p.name }))]}
        readOnly={readOnly}
        onChange={(segmentId) => update({ friction: { segmentId } })}
      />
      <TextField
        label="Root cause"
        limit={limitOf('rootCause')}
        value={friction.rootCause}
        readOnly={readOnly}
        multiline
        onCommit={(rootCause) => update({ friction: { rootCause } })}
      />
      <TextField
        label="Owning team"
        limit={limitOf('ownerTeam')}
        value={friction.ownerTeam}
        readOnly={readOnly}
        onCommit={(ownerTeam) => update({ friction: { ownerTeam } })}
      />
      <ChoiceField
        label="Experience principle broken"
        value={friction.epic}
        options={choices(EPIC_DIMENSIONS)}
        readOnly={readOnly}
        onChange={(epic) => update({ friction: { epic } })}
      />
      <TextField
        label="Evidence"
        limit={limitOf('evidence')}
        value={card.evidence}
        readOnly={readOnly}
        onCommit={(evidence) => update({ evidence })}
      />
      <ChoiceField
        label="Evidence source"
        value={card.evidenceSource}
        options={choices(EVIDENCE_SOURCES)}
        readOnly={readOnly}
        onChange={(evidenceSource) => update({ evidenceSource })}
      />
      <ChoiceField
        label="Confidence"
        value={card.confidence}
        options={choices(CONFIDENCE_LEVELS)}
        readOnly={readOnly}
        onChange={(confidence) => update({ confidence })}
      />
      <NotesField actions={actions} card={card} readOnly={readOnly} />
    </section>
  );
}

const NOTES_MAX = textLimit(ENTITIES.cards, 'notes');

/**
 * Notes are shared text: each keystroke becomes a minimal edit of the card's
 * Y.Text, so two people typing in the same notes both keep their words.
 */
function NotesField({ actions, card, readOnly }: { actions: BoardActions; card: Card; readOnly: boolean }) {
  const [error, commit] = useCommit();
  const save = (notes: string) => commit(() => actions.edit('updateCard', { id: card.id, notes }));
  return (
    <div className="field">
      <label htmlFor={`notes-${card.id}`}>Notes</label>
      <textarea
        id={`notes-${card.id}`}
        rows={5}
        value={card.notes}
        readOnly={readOnly}
        maxLength={NOTES_MAX}
        onChange={(event) => save(event.target.value)}
        onPaste={(event) => {
          const cut = pasteWithin(event, NOTES_MAX, actions.announce);
          if (cut !== null) save(cut);
        }}
      />
      <CommandError message={error} />
    </div>
  );
}
