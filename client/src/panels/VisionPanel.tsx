/** The board's vision (shared text), business objective and experience principles. */
import { type BoardSnapshot, ENTITIES, SINGLETONS } from '@journeyboard/shared';
import { useState } from 'react';
import type { BoardActions } from '../actions/dispatch.js';
import { CommandError, pasteWithin, TextField, textLimit, useCommit } from '../ui/fields.js';

const VISION_MAX = textLimit(SINGLETONS.meta, 'vision');

export function VisionPanel({
  actions,
  board,
  readOnly,
}: {
  actions: BoardActions;
  board: BoardSnapshot;
  readOnly: boolean;
}) {
  const [error, commit] = useCommit();
  const [principle, setPrinciple] = useState('');
  const saveVision = (vision: string) => commit(() => actions.edit('setVision', { vision }));
  return (
    <section className="inspector" aria-label="Vision">
      <h2>Vision</h2>
      <CommandError message={error} />
      <div className="field">
        <label htmlFor="board-vision">What great looks like</label>
        <textarea
          id="board-vision"
          rows={6}
          value={board.meta.vision}
          readOnly={readOnly}
          maxLength={VISION_MAX}
          onChange={(event) => saveVision(event.target.value)}
          onPaste={(event) => {
            const cut = pasteWithin(event, VISION_MAX, actions.announce);
            if (cut !== null) saveVision(cut);
          }}
        />
      </div>
      <TextField
        label="Business objective"
        limit={{ max: textLimit(SINGLETONS.meta, 'objective'), announce: actions.announce }}
        value={board.meta.objective}
        readOnly={readOnly}
        multiline
        onCommit={(objective) => commit(() => actions.edit('setObjective', { objective }))}
      />
      <h3>Experience principles</h3>
      <ul className="principles">
        {board.principles.map((p) => (
          <li key={p.id}>
            <TextField
              label="Principle"
              limit={{ max: textLimit(ENTITIES.principles, 'text'), announce: actions.announce }}
              value={p.text}
              readOnly={readOnly}
              onCommit={(text) => {
                // Emptied while being retyped is not gone yet: only a principle left empty is removed.
                if (text.trim()) commit(() => actions.edit('updatePrinciple', { id: p.id, text }));
              }}
              onDone={(text) => {
                if (!text.trim()) commit(() => actions.edit('removePrinciple', { id: p.id }));
              }}
            />
          </li>
        ))}
      </ul>
      {!readOnly && (
        <form
          className="field-row"
          onSubmit={(event) => {
            event.preventDefault();
            commit(() => actions.edit('addPrinciple', { text: principle }));
            setPrinciple('');
          }}
        >
          <input
            aria-label="New principle"
            value={principle}
            onChange={(event) => setPrinciple(event.target.value)}
          />
          <button type="submit" className="button">
            Add principle
          </button>
        </form>
      )}
    </section>
  );
}
