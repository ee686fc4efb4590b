/**
 * The friction business case for the state on show: what its friction adds up to,
 * ranked highest first and narrowed by segment, channel, owner or stage, and the
 * scoring weights that turn evidence into one number. Picking a friction point
 * selects it on the canvas and brings it into view, keeping this panel open, so a
 * workshop can walk down the list card by card.
 */
import {
  type BoardSnapshot,
  DEFAULT_SCORING,
  FREQUENCY_PERIODS,
  type FrictionFilter,
  type FrictionItem,
  PERSONA_PRIORITIES,
  rankFriction,
  type ScoringSettings,
  type setScoring,
  VALUE_TIERS,
} from '@journeyboard/shared';
import { useId, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import type { BoardActions } from '../actions/dispatch.js';
import { mayTouch } from '../store/selectors.js';
import { ChoiceField, CommandError, TextField, useCommit } from '../ui/fields.js';
import { formatScore, ScoreExplanation } from './FrictionScoreView.js';

type FilterKey = keyof FrictionFilter;
type Option = { value: string | null; label: string };

export function FrictionPanel({ actions }: { actions: BoardActions }) {
  const { store } = actions;
  const board = useStore(store, (s) => s.board);
  const stateId = useStore(store, (s) => s.stateId);
  // The scoring settings are the editors' (the same rule the server holds).
  const readOnly = useStore(store, (s) => !mayTouch(s, { kind: 'settings' }));
  const heatMap = useStore(store, (s) => s.heatMap);
  const coverage = useStore(store, (s) => s.coverage);
  const selectedIds = useStore(store, (s) => s.selectedCardIds);
  const [chosen, setChosen] = useState<FrictionFilter>({});

  const everything = useMemo(
    () => (board && stateId ? rankFriction(board, stateId) : null),
    [board, stateId],
  );
  const options = useMemo(
    () => (board && stateId && everything ? filterOptions(board, stateId, everything.items) : null),
    [board, stateId, everything],
  );
  // A choice that no longer exists (another state, a deleted persona) stops filtering rather than hiding everything.
  const filter = useMemo(() => {
    const kept: FrictionFilter = {};
    if (!options) return kept;
    for (const key of Object.keys(options) as FilterKey[]) {
      const value = chosen[key];
      if (value && options[key].some((o) => o.value === value)) kept[key] = value;
    }
    return kept;
  }, [chosen, options]);
  const filtered = Object.keys(filter).length > 0;
  const ranked = useMemo(
    () => (board && stateId ? rankFriction(board, stateId, filter) : null),
    [board, stateId, filter],
  );

  if (!board || !stateId || !ranked || !everything || !options) {
    return (
      <section className="inspector friction-panel" aria-label="Friction">
        <h2>Friction</h2>
        <p className="muted">Opening the board…</p>
      </section>
    );
  }
  const stateTitle = board.states.find((s) => s.id === stateId)?.title ?? 'this state';
  const maxShare = Math.max(0, ...ranked.items.map((i) => i.share));
  const focus = (cardId: string) =>
    store.setState({
      selectedCardIds: [cardId],
      editingCardId: null,
      focusRequest: { cardId, at: Date.now() },
    });

  return (
    <section className="inspector friction-panel" aria-label="Friction">
      <div className="friction-panel__title">
        <h2>Friction</h2>
        <button
          type="button"
          className="button friction-panel__heat"
          aria-pressed={heatMap}
          onClick={() => store.setState({ heatMap: !heatMap, coverage: false })}
        >
          Heat map
        </button>
        <button
          type="button"
          className="button friction-panel__heat"
          aria-pressed={coverage}
          title="Hatch the cells whose friction has no evidence: no source named, no data"
          onClick={() => store.setState({ coverage: !coverage, heatMap: false })}
        >
          Evidence
        </button>
      </div>
      <p className="muted friction-panel__lead">
        The business case for {stateTitle}: every friction point scored, highest first.
      </p>

      <dl className="friction-summary" aria-label="Business case">
        <div>
          <dt>Total score</dt>
          <dd>{formatScore(ranked.total)}</dd>
        </div>
        <div>
          <dt>Friction points</dt>
          <dd>{ranked.items.length}</dd>
        </div>
        <div className={ranked.unassessed > 0 ? 'friction-summary--warn' : undefined}>
          <dt>Unassessed</dt>
          <dd>{ranked.unassessed}</dd>
        </div>
      </dl>
      <EvidenceBasis basis={ranked.basis} total={ranked.total} />
      {filtered && (
        <p className="muted friction-panel__note">
          Filtered: {ranked.items.length} of {everything.items.length} points, scoring{' '}
          {formatScore(ranked.total)} of {formatScore(everything.total)}.
        </p>
      )}

      <fieldset className="friction-filters">
        <legend>Filter</legend>
        <FilterSelect
          label="Segment"
          all="All segments"
          options={options.segmentId}
          value={filter.segmentId}
          onChange={(v) => setChosen({ ...chosen, segmentId: v })}
        />
        <FilterSelect
          label="Channel"
          all="All channels"
          options={options.channel}
          value={filter.channel}
          onChange={(v) => setChosen({ ...chosen, channel: v })}
        />
        <FilterSelect
          label="Owner"
          all="All owners"
          options={options.owner}
          value={filter.owner}
          onChange={(v) => setChosen({ ...chosen, owner: v })}
        />
        <FilterSelect
          label="Stage"
          all="All stages"
          options={options.stageId}
          value={filter.stageId}
          onChange={(v) => setChosen({ ...chosen, stageId: v })}
        />
        {filtered && (
          <button
            type="button"
            className="button button--quiet friction-filters__clear"
            onClick={() => setChosen({})}
          >
            Clear filters
          </button>
        )}
      </fieldset>

      {everything.items.length === 0 ? (
        <p className="muted">
          No friction points in {stateTitle} yet: add cards to the friction lane, set a card’s kind to
          friction, or give any card a severity.
        </p>
      ) : ranked.items.length === 0 ? (
        <p className="muted">No friction points match these filters.</p>
      ) : (
        <ol className="friction-list" aria-label="Ranked friction points">
          {ranked.items.map((item, index) => (
            <FrictionRow
              key={item.card.id}
              item={item}
              rank={index + 1}
              barWidth={maxShare > 0 ? item.share / maxShare : 0}
              selected={selectedIds.includes(item.card.id)}
              onPick={() => focus(item.card.id)}
            />
          ))}
        </ol>
      )}

      <ScoringSettingsEditor actions={actions} scoring={board.settings.scoring} readOnly={readOnly} />
    </section>
  );
}

/** The filter choices, from what this state's friction points actually have. */
/** Characters of a typed weight: the largest (100) with two decimals fits with room to spare. */
const WEIGHT_CHARS = 12;

function filterOptions(
  board: BoardSnapshot,
  stateId: string,
  items: FrictionItem[],
): Record<FilterKey, Option[]> {
  const distinct = (values: Array<string | null>) =>
    [...new Set(values.filter((v): v is string => Boolean(v)))]
      .sort((a, b) => a.localeCompare(b))
      .map((value) => ({ value, label: value }));
  return {
    segmentId: board.personas.map((p) => ({ value: p.id, label: p.name })),
    channel: distinct(items.map((i) => i.channel)),
    owner: distinct(items.map((i) => i.owner)),
    stageId: board.stages.filter((s) => s.stateId === stateId).map((s) => ({ value: s.id, label: s.title })),
  };
}

function FilterSelect({
  label,
  all,
  options,
  value,
  onChange,
}: {
  label: string;
  all: string;
  options: Option[];
  value: string | null | undefined;
  onChange(value: string | null): void;
}) {
  return (
    <ChoiceField
      label={label}
      value={value ?? null}
      options={[{ value: null, label: all }, ...options]}
      readOnly={false}
      onChange={onChange}
    />
  );
}

function FrictionRow({
  item,
  rank,
  barWidth,
  selected,
  onPick,
}: {
  item: FrictionItem;
  rank: number;
  /** The bar's length: this point's share relative to the largest share on the list. */
  barWidth: number;
  selected: boolean;
  onPick(): void;
}) {
  const id = useId();
  const { card, stage, score, share, channel, owner, opportunities } = item;
  const linked =
    opportunities.length === 0
      ? 'no opportunity yet'
      : opportunities.length === 1
        ? '1 opportunity'
        : `${opportunities.length} opportunities`;
  return (
    <li className={`friction-row${selected ? ' friction-row--selected' : ''}`}>
      <button
        type="button"
        className="friction-row__button"
        aria-label={card.text || 'Untitled friction point'}
        aria-describedby={`${id}-figures ${id}-details ${id}-why`}
        aria-current={selected ? 'true' : undefined}
        onClick={onPick}
      >
        <span className="friction-row__rank" aria-hidden="true">
          {rank}
        </span>
        <span className="friction-row__main">
          <span className="friction-row__text">{card.text || 'Untitled friction point'}</span>
          <span className="friction-row__details" id={`${id}-details`}>
            <span className="friction-row__stage">{stage.title}</span>
            <span>{[owner || 'No owner', channel, linked].filter(Boolean).join(' · ')}</span>
          </span>
        </span>
        <span className="friction-row__figures" id={`${id}-figures`}>
          <span className={`friction-row__score${score.assessed ? '' : ' friction-row__score--none'}`}>
            {score.assessed ? formatScore(score.score) : 'not assessed'}
          </span>
          <span className="friction-row__share">
            <span className="friction-row__bar" aria-hidden="true">
              <span style={{ width: `${Math.round(barWidth * 100)}%` }} />
            </span>
            {`${(share * 100).toFixed(1)}%`}
          </span>
        </span>
      </button>
      <div className="friction-row__why" role="tooltip" id={`${id}-why`}>
        <ScoreExplanation score={score} />
      </div>
    </li>
  );
}

const TIER_LABELS = { low: 'Low', medium: 'Medium', high: 'High', top: 'Top' } as const;
const PRIORITY_LABELS = { standard: 'Standard', priority: 'Priority', special: 'Special' } as const;

/** The board's scoring settings: shared by everyone on the board, so a change rescores every list and heat map. */
function ScoringSettingsEditor({
  actions,
  scoring,
  readOnly,
}: {
  actions: BoardActions;
  scoring: ScoringSettings;
  readOnly: boolean;
}) {
  const [open, setOpen] = useState(false);
  const [error, commit] = useCommit();
  const regionId = useId();
  const save = (input: Parameters<typeof setScoring>[1]) => commit(() => actions.edit('setScoring', input));
  // An emptied box goes back to the board's value instead of becoming a weight of 0.
  const weightField = (label: string, value: number, set: (weight: number) => void) => (
    <TextField
      key={label}
      label={label}
      value={String(value)}
      readOnly={readOnly}
      limit={{ max: WEIGHT_CHARS, announce: actions.announce }}
      onCommit={(text) => {
        if (text.trim() !== '') set(Number(text.replace(',', '.')));
      }}
    />
  );
  const isDefault =
    scoring.period === DEFAULT_SCORING.period &&
    scoring.unknownSegmentWeight === DEFAULT_SCORING.unknownSegmentWeight &&
    VALUE_TIERS.every((tier) => scoring.tierWeights[tier] === DEFAULT_SCORING.tierWeights[tier]) &&
    PERSONA_PRIORITIES.every((p) => scoring.priorityWeights[p] === DEFAULT_SCORING.priorityWeights[p]);
  return (
    <div className="friction-settings">
      <button
        type="button"
        className="friction-settings__toggle"
        aria-expanded={open}
        aria-controls={regionId}
        onClick={() => setOpen(!open)}
      >
        Scoring settings
      </button>
      {open && (
        <div id={regionId} className="friction-settings__body">
          <p className="muted">
            Each friction point scores its severity (1–5) × a frequency factor, 1 + log₁₀(1 + times per
            period), × the weight of the segment it hits (value tier × priority); points without a severity
            score 0.
          </p>
          {readOnly && <p className="muted">Only the board’s editors can change these.</p>}
          <CommandError message={error} />
          <ChoiceField
            label="Frequency per"
            value={scoring.period}
            options={FREQUENCY_PERIODS.map((value) => ({ value, label: value }))}
            readOnly={readOnly}
            onChange={(period) => period && save({ period })}
          />
          <fieldset className="friction-settings__weights">
            <legend>Value tier weights</legend>
            {VALUE_TIERS.map((tier) =>
              weightField(TIER_LABELS[tier], scoring.tierWeights[tier], (weight) =>
                save({ tierWeights: { [tier]: weight } }),
              ),
            )}
          </fieldset>
          <fieldset className="friction-settings__weights">
            <legend>Priority weights</legend>
            {PERSONA_PRIORITIES.map((priority) =>
              weightField(PRIORITY_LABELS[priority], scoring.priorityWeights[priority], (weight) =>
                save({ priorityWeights: { [priority]: weight } }),
              ),
            )}
          </fieldset>
          {weightField('Weight without a segment', scoring.unknownSegmentWeight, (unknownSegmentWeight) =>
            save({ unknownSegmentWeight }),
          )}
          {!readOnly && !isDefault && (
            <button type="button" className="button" onClick={() => save(DEFAULT_SCORING)}>
              Restore default scoring
            </button>
          )}
        </div>
      )}
    </div>
  );
}

/**
 * How much of the total score rests on frequencies from data, on typed estimates, and
 * on no frequency at all (#14): the business case's footing, as one bar.
 */
function EvidenceBasis({
  basis,
  total,
}: {
  basis: { evidence: number; typed: number; none: number };
  total: number;
}) {
  if (total <= 0) return null;
  const parts = [
    { key: 'evidence', label: 'from data', value: basis.evidence },
    { key: 'typed', label: 'estimated', value: basis.typed },
    { key: 'none', label: 'no frequency', value: basis.none },
  ] as const;
  const percent = (value: number) => Math.round((value / total) * 100);
  return (
    <figure className="evidence-basis" aria-label="What the score rests on">
      <div className="evidence-basis__bar" aria-hidden="true">
        {parts.map((part) =>
          part.value > 0 ? (
            <span
              key={part.key}
              className={`evidence-basis__part evidence-basis__part--${part.key}`}
              style={{ width: `${(part.value / total) * 100}%` }}
            />
          ) : null,
        )}
      </div>
      <figcaption>
        {parts.map((part) => (
          <span key={part.key} className={`evidence-basis__label evidence-basis__label--${part.key}`}>
            {`${percent(part.value)} % ${part.label}`}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
