/** The board's vision (shared text), business objective and experience principles. */
import {
  addPrinciple,
  type BoardSnapshot,
  ORIGINS,
  removePrinciple,
  setObjective,
  setVision,
  updatePrinciple,
} from '@journeyboard/shared';
import { useState } from 'react';
import type * as Y from 'yjs';
import { CommandError, TextField, useCommit } from './fields.js';

export function VisionPanel({
  doc,
  board,
  readOnly,
}: {
  doc: Y.Doc;
  board: BoardSnapshot;
  readOnly: boolean;
}) {
  const [error, commit] = useCommit();
  const [principle, setPrinciple] = useState('');
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
          onChange={(event) => commit(() => setVision(doc, { vision: event.target.value }, ORIGINS.local))}
        />
      </div>
      <TextField
        label="Business objective"
        value={board.meta.objective}
        readOnly={readOnly}
        multiline
        onCommit={(objective) => commit(() => setObjective(doc, { objective }, ORIGINS.local))}
      />
      <h3>Experience principles</h3>
      <ul className="principles">
        {board.principles.map((p) => (
          <li key={p.id}>
            <TextField
              label="Principle"
              value={p.text}
              readOnly={readOnly}
              onCommit={(text) =>
                commit(() =>
                  text.trim()
                    ? updatePrinciple(doc, { id: p.id, text }, ORIGINS.local)
                    : removePrinciple(doc, { id: p.id }, ORIGINS.local),
                )
              }
            />
          </li>
        ))}
      </ul>
      {!readOnly && (
        <form
          className="field-row"
          onSubmit={(event) => {
            event.preventDefault();
            commit(() => addPrinciple(doc, { text: principle }, ORIGINS.local));
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
