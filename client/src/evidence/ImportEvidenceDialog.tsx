/**
 * The evidence import (#14): choose a contacts or survey export, see its first rows
 * with the columns guessed, correct the guess, name the source, and send it. A
 * survey's stages that match no stage of the state on show are mapped here (or left
 * out) before anything is written. The server reads the whole file; a malformed one
 * comes back with its first problems and their rows, and nothing is imported.
 */
import type { BoardSnapshot } from '@journeyboard/shared';
import {
  CONTACT_FIELDS,
  guessContactMapping,
  guessSurveyMapping,
  mappingProblems,
  SURVEY_FIELDS,
  titleKey,
} from '@journeyboard/shared/evidence';
import { useEffect, useMemo, useState } from 'react';
import {
  distinctValues,
  type EvidenceAnswer,
  type EvidenceKind,
  EvidenceRefusal,
  type FilePreview,
  importEvidence,
  previewFile,
} from '../sync/evidence.js';
import { Dialog } from '../ui/Dialog.js';

const FIELD_LABELS: Record<string, string> = {
  period: 'Period or date',
  primary: 'Primary reason',
  secondary: 'Secondary reason',
  channel: 'Channel',
  count: 'Count',
  stage: 'Stage',
  metric: 'Metric',
  score: 'Score',
  response: 'Response',
  date: 'Date',
};
const FIELD_HINTS: Record<string, string> = {
  count: 'none: one row per contact',
  period: 'none: all in one period',
  metric: 'none: NPS for 0-10 answers',
  score: 'a value already computed',
  response: 'one raw answer per row',
  date: 'none: today',
};
const UNITS = ['auto', 'day', 'week', 'month', 'quarter', 'year'] as const;
const DEFAULT_NAMES: Record<EvidenceKind, string> = { contacts: 'Contacts export', survey: 'Survey export' };

interface Props {
  boardId: string;
  token: string;
  board: BoardSnapshot;
  stateId: string | null;
  onClose(): void;
}

export function ImportEvidenceDialog({ boardId, token, board, stateId, onClose }: Props) {
  const [kind, setKind] = useState<EvidenceKind>('contacts');
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<FilePreview | null>(null);
  const [mapping, setMapping] = useState<Record<string, number | null>>({});
  const [unit, setUnit] = useState<string>('auto');
  const existing = board.sources.filter((s) => s.kind === kind);
  const [source, setSource] = useState<string | null>(null);
  const sourceName = source ?? existing.at(-1)?.name ?? DEFAULT_NAMES[kind];
  const [surveyStages, setSurveyStages] = useState<string[]>([]);
  const [stageChoices, setStageChoices] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<EvidenceRefusal | null>(null);
  const [answer, setAnswer] = useState<EvidenceAnswer | null>(null);

  const fields: readonly string[] = kind === 'contacts' ? CONTACT_FIELDS : SURVEY_FIELDS;
  const stages = board.stages.filter((s) => s.stateId === stateId);
  const problems = preview
    ? mappingProblems(kind, mapping as never, preview.header.length)
    : ['choose a file'];

  // A new file or kind: read its first rows and guess the columns again.
  useEffect(() => {
    setAnswer(null);
    setRefusal(null);
    if (!file) return;
    let live = true;
    previewFile(file).then(
      (read) => {
        if (!live) return;
        setPreview(read);
        const guessed =
          kind === 'contacts'
            ? guessContactMapping(read.header, read.rows)
            : guessSurveyMapping(read.header, read.rows);
        setMapping({ ...guessed });
      },
      (error: Error) =>
        live && setRefusal(new EvidenceRefusal(400, `the file could not be read: ${error.message}`)),
    );
    return () => {
      live = false;
    };
  }, [file, kind]);

  // A survey's stages, read from the whole file once its stage column is known.
  const stageColumn = kind === 'survey' ? mapping.stage : null;
  useEffect(() => {
    setSurveyStages([]);
    if (!file || stageColumn === null || stageColumn === undefined) return;
    let live = true;
    void distinctValues(file, stageColumn).then((values) => live && setSurveyStages(values));
    return () => {
      live = false;
    };
  }, [file, stageColumn]);
  const unmatched = useMemo(() => {
    const titles = new Set(stages.map((s) => titleKey(s.title)));
    return surveyStages.filter((name) => !titles.has(titleKey(name)));
  }, [surveyStages, stages]);

  const send = async () => {
    if (!file) return;
    setBusy(true);
    setRefusal(null);
    try {
      const columns = Object.fromEntries(
        fields.map((field) => [
          field,
          mapping[field] == null ? 'none' : String((mapping[field] as number) + 1),
        ]),
      );
      setAnswer(
        await importEvidence(boardId, token, file, {
          kind,
          source: sourceName.trim() || DEFAULT_NAMES[kind],
          columns,
          unit,
          ...(kind === 'survey' && stateId ? { stateId, stages: stageChoices } : {}),
        }),
      );
    } catch (error) {
      setRefusal(error instanceof EvidenceRefusal ? error : new EvidenceRefusal(0, String(error)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog labelledBy="evidence-title" className="evidence-dialog" onClose={onClose}>
      <h2 id="evidence-title">Import evidence</h2>
      <fieldset className="evidence-kind">
        <legend>The file holds</legend>
        {(['contacts', 'survey'] as const).map((k) => (
          <label key={k}>
            <input
              type="radio"
              name="evidence-kind"
              checked={kind === k}
              onChange={() => {
                setKind(k);
                setSource(null);
              }}
            />
            {k === 'contacts'
              ? 'Contact reasons (one row per contact, or counts)'
              : 'Survey scores (NPS, CSAT, CES)'}
          </label>
        ))}
      </fieldset>
      <label className="evidence-file">
        CSV or TSV file
        <input
          type="file"
          accept=".csv,.tsv,.txt,text/csv,text/tab-separated-values"
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        />
      </label>
      {!file && (
        <p className="muted evidence-example">
          No export at hand?{' '}
          <button type="button" className="link-button" onClick={() => void exampleFile(kind).then(setFile)}>
            {`Try the example ${kind === 'contacts' ? 'contacts export' : 'survey'}`}
          </button>{' '}
          (an online-order journey, made for the Online order template).
        </p>
      )}
      {preview && (
        <>
          <section className="evidence-preview" aria-label="First rows of the file">
            <table>
              <thead>
                <tr>
                  {preview.header.map((h, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: columns are positional
                    <th key={i} scope="col">
                      {h || `column ${i + 1}`}
                      {fields
                        .filter((f) => mapping[f] === i)
                        .map((f) => (
                          <span key={f} className="evidence-preview__field">
                            {FIELD_LABELS[f]}
                          </span>
                        ))}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {preview.rows.map((row, r) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional
                  <tr key={r}>
                    {preview.header.map((_, i) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: columns are positional
                      <td key={i}>{row[i] ?? ''}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <fieldset className="evidence-columns">
            <legend>Columns</legend>
            {fields.map((field) => (
              <label key={field}>
                <span>
                  {FIELD_LABELS[field]}
                  {FIELD_HINTS[field] && <small>{FIELD_HINTS[field]}</small>}
                </span>
                <select
                  aria-label={`Column for ${FIELD_LABELS[field]}`}
                  value={mapping[field] ?? ''}
                  onChange={(e) =>
                    setMapping({
                      ...mapping,
                      [field]: e.target.value === '' ? null : Number(e.target.value),
                    })
                  }
                >
                  <option value="">none</option>
                  {preview.header.map((h, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: columns are positional
                    <option key={i} value={i}>
                      {h || `column ${i + 1}`}
                    </option>
                  ))}
                </select>
              </label>
            ))}
          </fieldset>
          <div className="evidence-options">
            <label>
              Count per
              <select value={unit} onChange={(e) => setUnit(e.target.value)}>
                {UNITS.map((u) => (
                  <option key={u} value={u}>
                    {u === 'auto' ? 'as the file says' : u}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Source name
              <input value={sourceName} maxLength={200} onChange={(e) => setSource(e.target.value)} />
            </label>
          </div>
          <p className="muted">
            {existing.some((s) => titleKey(s.name) === titleKey(sourceName))
              ? `“${sourceName}” was imported before: its numbers will be replaced, not added to.`
              : 'A new source. Importing one of the same name again replaces its numbers.'}
          </p>
          {kind === 'survey' && unmatched.length > 0 && (
            <fieldset className="evidence-stages">
              <legend>Stages not on this board</legend>
              {unmatched.map((name) => (
                <label key={name}>
                  <span>{name}</span>
                  <select
                    aria-label={`Board stage for ${name}`}
                    value={stageChoices[name] ?? ''}
                    onChange={(e) => setStageChoices({ ...stageChoices, [name]: e.target.value })}
                  >
                    <option value="">leave out</option>
                    {stages.map((s) => (
                      <option key={s.id} value={s.id}>
                        {s.title}
                      </option>
                    ))}
                  </select>
                </label>
              ))}
            </fieldset>
          )}
        </>
      )}
      {preview && problems.length > 0 && (
        <ul className="evidence-problems" aria-label="Before importing">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      {refusal && (
        <div role="alert" className="evidence-refusal">
          <p>{refusal.message}</p>
          {refusal.problems.length > 1 && (
            <ul>
              {refusal.problems.map((p) => (
                <li key={`${p.row}:${p.message}`}>{`Row ${p.row}: ${p.message}`}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {answer && <ImportSummary answer={answer} />}
      <div className="dialog__actions">
        <button type="button" className="button" onClick={onClose}>
          {answer ? 'Done' : 'Cancel'}
        </button>
        {!answer && (
          <button
            type="button"
            className="button button--primary"
            disabled={busy || !file || problems.length > 0}
            aria-busy={busy}
            onClick={() => void send()}
          >
            {busy ? 'Importing…' : 'Import'}
          </button>
        )}
      </div>
    </Dialog>
  );
}

/** The repository's example files (docs/examples/), fetched with the dialog's own chunk only when asked for. */
async function exampleFile(kind: EvidenceKind): Promise<File> {
  const text =
    kind === 'contacts'
      ? (await import('../../../docs/examples/contacts.csv?raw')).default
      : (await import('../../../docs/examples/survey.csv?raw')).default;
  return new File([text], `example-${kind}.csv`, { type: 'text/csv' });
}

function ImportSummary({ answer }: { answer: EvidenceAnswer }) {
  const n = (value: number) => value.toLocaleString('en');
  const what = answer.kind === 'contacts' ? 'contacts' : 'readings';
  return (
    <output className="evidence-summary" aria-label="Imported">
      <strong>{`Imported ${n(answer.rows)} rows from “${answer.source.name}”.`}</strong>
      <span>
        {`${n(answer.total)} ${what} over ${answer.periods.length} ${answer.periods.length === 1 ? 'period' : 'periods'}`}
        {answer.created.length > 0 &&
          `; ${answer.created.length} new ${answer.kind === 'contacts' ? 'reasons' : 'stage metrics'}`}
        .
      </span>
      {answer.replaced && <span>{`Replaced the previous import's ${n(answer.previousTotal)} ${what}.`}</span>}
    </output>
  );
}
