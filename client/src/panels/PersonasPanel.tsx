/** Personas (customer segments): who the journey is for, and which ones get special treatment. */
import { ENTITIES, PERSONA_PRIORITIES, type Persona, VALUE_TIERS } from '@journeyboard/shared';
import type { BoardActions } from '../actions/dispatch.js';
import { ChoiceField, CommandError, TextField, textLimit, useCommit } from '../ui/fields.js';

export function PersonasPanel({
  actions,
  personas,
  readOnly,
}: {
  actions: BoardActions;
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
            limit={{ max: textLimit(ENTITIES.personas, 'name'), announce: actions.announce }}
            value={persona.name}
            readOnly={readOnly}
            onCommit={(name) => commit(() => actions.edit('updatePersona', { id: persona.id, name }))}
          />
          <TextField
            label="Description"
            limit={{ max: textLimit(ENTITIES.personas, 'description'), announce: actions.announce }}
            value={persona.description}
            readOnly={readOnly}
            multiline
            onCommit={(description) =>
              commit(() => actions.edit('updatePersona', { id: persona.id, description }))
            }
          />
          <div className="field-row">
            <ChoiceField
              label="Value tier"
              value={persona.valueTier}
              options={VALUE_TIERS.map((value) => ({ value, label: value }))}
              readOnly={readOnly}
              onChange={(valueTier) =>
                valueTier && commit(() => actions.edit('updatePersona', { id: persona.id, valueTier }))
              }
            />
            <ChoiceField
              label="Priority"
              value={persona.priority}
              options={PERSONA_PRIORITIES.map((value) => ({ value, label: value }))}
              readOnly={readOnly}
              onChange={(priority) =>
                priority && commit(() => actions.edit('updatePersona', { id: persona.id, priority }))
              }
            />
          </div>
          {!readOnly && (
            <button
              type="button"
              className="button"
              aria-label={`Remove persona ${persona.name}`}
              onClick={() => commit(() => actions.edit('removePersona', { id: persona.id }))}
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
          onClick={() => commit(() => actions.edit('addPersona', { name: 'New persona' }))}
        >
          Add persona
        </button>
      )}
    </section>
  );
}
