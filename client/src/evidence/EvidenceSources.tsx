/**
 * The exports a board's numbers came from (#14): what each is, when it was read,
 * how many rows and which periods it brought. Removing one takes its numbers with it;
 * friction and stage metrics fall back to what remains, or to what was typed.
 */
import type { EvidenceSourceRecord } from '@journeyboard/shared';
import { comparePeriods, periodLabel } from '@journeyboard/shared/evidence';
import { useStore } from 'zustand';
import type { BoardActions } from '../actions/dispatch.js';
import { CommandError, useCommit } from '../ui/fields.js';

export function EvidenceSources({ actions, readOnly }: { actions: BoardActions; readOnly: boolean }) {
  const board = useStore(actions.store, (s) => s.board);
  const [error, commit] = useCommit();
  if (!board) return null;
  const periodsOf = (source: EvidenceSourceRecord): string[] => {
    const keys = new Set<string>();
    for (const v of source.kind === 'contacts' ? board.volumes : board.readings)
      if (v.sourceId === source.id) keys.add(v.period);
    return [...keys].sort(comparePeriods);
  };
  return (
    <section className="evidence-sources" aria-label="Evidence sources">
      <h3>Sources</h3>
      <CommandError message={error} />
      <ul>
        {board.sources.map((source) => {
          const periods = periodsOf(source);
          const span =
            periods.length === 0
              ? 'no periods'
              : periods.length === 1
                ? periodLabel(periods[0] as string)
                : `${periodLabel(periods[0] as string)} – ${periodLabel(periods.at(-1) as string)}`;
          return (
            <li key={source.id} className="evidence-source">
              <div>
                <strong>{source.name}</strong>
                <span className="muted">
                  {`${source.kind === 'contacts' ? 'Contacts' : 'Survey'} · ${source.rows.toLocaleString('en')} rows · ${span}`}
                </span>
                <span className="muted">
                  {`${source.fileName ? `${source.fileName}, ` : ''}imported ${new Date(source.importedAt).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' })}`}
                </span>
              </div>
              {!readOnly && (
                <button
                  type="button"
                  className="button button--quiet"
                  aria-label={`Remove source ${source.name}`}
                  title="Remove this source and its numbers"
                  onClick={() => commit(() => actions.edit('removeSource', { id: source.id }))}
                >
                  ✕
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
