/**
 * A stage's experience metrics (NPS, CSAT, CES or a custom one), each with where
 * it is now and where the redesign should take it. Opens as a dialog over the page
 * (a portal), because the stage header lives inside the zoomed canvas.
 */
import {
  METRIC_NAMES,
  METRIC_RANGES,
  type MetricName,
  type Stage,
  type StageMetric,
} from '@journeyboard/shared';
import { useState } from 'react';
import { createPortal } from 'react-dom';
import { useActions } from '../actions/react.js';
import { CommandError, useCommit } from '../ui/fields.js';
import { useDismiss } from '../ui/useDismiss.js';

// A value that is not a number reaches setMetric as NaN, which it refuses by name.
const parse = (text: string): number | null => (text.trim() === '' ? null : Number(text.replace(',', '.')));

export function StageMetricsEditor({
  stage,
  metrics,
  onClose,
}: {
  stage: Stage;
  metrics: StageMetric[];
  onClose(): void;
}) {
  const actions = useActions();
  const box = useDismiss<HTMLDivElement>(true, onClose);
  const [error, commit] = useCommit();
  const [name, setName] = useState<MetricName>('NPS');
  const [label, setLabel] = useState('');
  const [current, setCurrent] = useState('');
  const [target, setTarget] = useState('');
  const range = METRIC_RANGES[name];
  const save = () =>
    commit(() => {
      const saved = actions.edit('setMetric', {
        stageId: stage.id,
        name,
        label,
        current: parse(current),
        target: parse(target),
      });
      if (!saved.ok) return saved;
      setCurrent('');
      setTarget('');
      setLabel('');
      return saved;
    });
  return createPortal(
    <div className="dialog-backdrop">
      <div
        ref={box}
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-label={`Metrics of ${stage.title}`}
      >
        <h2>Metrics of {stage.title}</h2>
        {metrics.length > 0 ? (
          <table className="metrics-table">
            <thead>
              <tr>
                <th scope="col">Metric</th>
                <th scope="col">Now</th>
                <th scope="col">Target</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {metrics.map((metric) => (
                <tr key={metric.id}>
                  <th scope="row">{metric.name === 'custom' ? metric.label : metric.name}</th>
                  <td>{metric.current ?? '–'}</td>
                  <td>{metric.target ?? '–'}</td>
                  <td>
                    <button
                      type="button"
                      className="button button--quiet"
                      aria-label={`Remove ${metric.name === 'custom' ? metric.label : metric.name}`}
                      onClick={() => commit(() => actions.edit('removeMetric', { id: metric.id }))}
                    >
                      Remove
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="muted">
            No metrics yet. Add where this stage scores today and where it should get to.
          </p>
        )}
        <form
          className="metrics-form"
          onSubmit={(event) => {
            event.preventDefault();
            save();
          }}
        >
          <label className="field">
            Metric
            <select value={name} onChange={(e) => setName(e.target.value as MetricName)}>
              {METRIC_NAMES.map((n) => (
                <option key={n} value={n}>
                  {n === 'custom' ? 'Custom…' : n}
                </option>
              ))}
            </select>
          </label>
          {name === 'custom' && (
            <label className="field">
              Name
              <input value={label} maxLength={60} onChange={(e) => setLabel(e.target.value)} />
            </label>
          )}
          <label className="field">
            Now
            <input inputMode="decimal" value={current} onChange={(e) => setCurrent(e.target.value)} />
          </label>
          <label className="field">
            Target
            <input inputMode="decimal" value={target} onChange={(e) => setTarget(e.target.value)} />
          </label>
          {range && (
            <p className="muted metrics-form__hint">
              {name} runs from {range[0]} to {range[1]}.
            </p>
          )}
          <button type="submit" className="button button--primary">
            Save metric
          </button>
        </form>
        <CommandError message={error} />
        <button type="button" className="button" onClick={onClose}>
          Done
        </button>
      </div>
    </div>,
    document.body,
  );
}
