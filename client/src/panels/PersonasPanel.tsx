/** Personas (customer segments): who the journey is for, and which ones get special treatment. */
import {
  addPersona,
  ORIGINS,
  PERSONA_PRIORITIES,
  type Persona,
  removePersona,
  updatePersona,
  VALUE_TIERS,
} from '@journeyboard/shared';
import type * as Y from 'yjs';
import { ChoiceField, CommandError, TextField, useCommit } from './fields.js';

export function PersonasPanel({
  doc,
  personas,
  readOnly,
}: {
  doc: Y.Doc;
  personas: Persona[];
  readOnly: boolean;
}) {
  const [error, commit] = useCommit();
  return (
    <section className="inspector" aria-label="Personas">
      <h2>Personas</h2>
      <CommandError message={error} />
      {personas.length === 0 && (
        <p className="muted">No personas yet: add the segments this journey serves.</p>
      )}
      {personas.map((persona) => (
        <article key={persona.id} className="persona" aria-label={`Persona ${persona.name}`}>
          <TextField
            label="Name"
            value={persona.name}
            readOnly={readOnly}
            onCommit={(name) => commit(() => updatePersona(doc, { id: persona.id, name }, ORIGINS.local))}
          />
          <TextField
            label="Description"
            value={persona.description}
            readOnly={readOnly}
            multiline
            onCommit={(description) =>
              commit(() => updatePersona(doc, { id: persona.id, description }, ORIGINS.local))
            }
          />
          <div className="field-row">
            <ChoiceField
              label="Value tier"
              value={persona.valueTier}
              options={VALUE_TIERS.map((value) => ({ value, label: value }))}
              readOnly={readOnly}
              onChange={(valueTier) =>
                valueTier && commit(() => updatePersona(doc, { id: persona.id, valueTier }, ORIGINS.local))
              }
            />
            <ChoiceField
              label="Priority"
              value={persona.priority}
              options={PERSONA_PRIORITIES.map((value) => ({ value, label: value }))}
              readOnly={readOnly}
              onChange={(priority) =>
                priority && commit(() => updatePersona(doc, { id: persona.id, priority }, ORIGINS.local))
              }
            />
          </div>
          {!readOnly && (
            <button
              type="button"
              className="button"
              aria-label={`Remove persona ${persona.name}`}
              onClick={() => commit(() => removePersona(doc, { id: persona.id }, ORIGINS.local))}
            >
              Remove
            </button>
          )}
        </article>
      ))}
      {!readOnly && (
        <button
          type="button"
          className="button button--primary"
          onClick={() => commit(() => addPersona(doc, { name: 'New persona' }, ORIGINS.local))}
        >
          Add persona
        </button>
      )}
    </section>
  );
}
