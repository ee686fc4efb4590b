/**
 * Which reasons make up most contacts: primary reasons as bars, largest first, each
 * with its contacts and share, and the running share in a column of its own. The
 * vital few (the reasons before the running share passes 80 %) are drawn in the
 * accent, and a dashed line under them marks where 80 % of contacts is reached.
 */
import type { ParetoBar } from '@journeyboard/shared';
import { periodLabel } from '@journeyboard/shared/evidence';

const ROW = 24;
const LABEL = 112;
const WIDTH = 300;
const CUMULATIVE = 38;
const VALUE = 58;
const BAR = WIDTH - LABEL - VALUE - CUMULATIVE;
const TOP = 16;

export function ParetoChart({ bars, period }: { bars: ParetoBar[]; period: string }) {
  if (bars.length === 0) return null;
  const max = Math.max(...bars.map((b) => b.volume));
  const vital = bars.filter((b) => b.vital);
  const reached = Math.round((vital.at(-1)?.cumulative ?? 0) * 100);
  const markY = TOP + vital.length * ROW;
  const height = TOP + bars.length * ROW + (vital.length < bars.length ? 4 : 0);
  const percent = (share: number) => `${Math.round(share * 100)} %`;
  return (
    <figure className="pareto">
      <svg
        viewBox={`0 0 ${WIDTH} ${height}`}
        role="img"
        aria-label={`Pareto of contact reasons in ${period}: ${vital.map((b) => b.title).join(', ')} make up ${reached} % of contacts`}
      >
        <text className="pareto__axis" x={LABEL} y={10}>
          contacts
        </text>
        <text className="pareto__axis" x={WIDTH} y={10} textAnchor="end">
          running
        </text>
        {bars.map((bar, i) => {
          const y = TOP + i * ROW;
          const width = Math.max(2, (bar.volume / max) * BAR);
          return (
            <g key={bar.reasonId}>
              <title>{`${bar.title}: ${bar.volume.toLocaleString('en')} contacts, ${percent(bar.share)}; ${percent(bar.cumulative)} with the reasons above`}</title>
              <text className="pareto__label" x={LABEL - 6} y={y + ROW / 2 + 4} textAnchor="end">
                {bar.title.length > 19 ? `${bar.title.slice(0, 18)}…` : bar.title}
              </text>
              <rect
                className={bar.vital ? 'pareto__bar pareto__bar--vital' : 'pareto__bar'}
                x={LABEL}
                y={y + 5}
                width={width}
                height={ROW - 10}
                rx={3}
              />
              <text className="pareto__value" x={LABEL + width + 4} y={y + ROW / 2 + 4}>
                {`${bar.volume.toLocaleString('en')} · ${percent(bar.share)}`}
              </text>
              <text className="pareto__running" x={WIDTH} y={y + ROW / 2 + 4} textAnchor="end">
                {percent(bar.cumulative)}
              </text>
            </g>
          );
        })}
        {vital.length < bars.length && (
          <line className="pareto__mark" x1={4} x2={WIDTH} y1={markY} y2={markY} />
        )}
      </svg>
      <figcaption className="muted">
        {`${vital.length} of ${bars.length} primary reasons make up ${reached} % of contacts in ${period}.`}
      </figcaption>
    </figure>
  );
}

/** Contacts per channel in the latest period, as one stacked bar with a legend. */
export function ChannelMix({
  channels,
}: {
  channels: Array<{ channel: string; count: number; share: number }>;
}) {
  if (channels.length === 0) return null;
  return (
    <figure className="channel-mix">
      <div
        className="channel-mix__bar"
        role="img"
        aria-label={channels
          .map((c) => `${c.channel || 'no channel'} ${Math.round(c.share * 100)} %`)
          .join(', ')}
      >
        {channels.map((c, i) => (
          <span
            key={c.channel}
            className={`channel-mix__part channel-mix__part--${i % 6}`}
            style={{ width: `${c.share * 100}%` }}
            title={`${c.channel || 'no channel'}: ${c.count.toLocaleString('en')} contacts`}
          />
        ))}
      </div>
      <figcaption className="channel-mix__legend">
        {channels.map((c, i) => (
          <span key={c.channel} className="channel-mix__item">
            <i className={`channel-mix__swatch channel-mix__part--${i % 6}`} aria-hidden="true" />
            {`${c.channel || 'no channel'} ${Math.round(c.share * 100)} %`}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

/** A reason's contacts per period (the latest twelve) as small bars, each period's figure in the tooltip. */
export function PeriodBars({
  periods,
  values,
  title,
}: {
  periods: string[];
  values: number[];
  title: string;
}) {
  const shown = periods.slice(-12);
  const counts = values.slice(-12);
  const max = Math.max(1, ...counts);
  const width = shown.length * 6;
  return (
    <svg
      className="period-bars"
      width={width}
      height={14}
      viewBox={`0 0 ${width} 14`}
      role="img"
      aria-label={`${title} per period: ${shown.map((p, i) => `${periodLabel(p)} ${(counts[i] ?? 0).toLocaleString('en')}`).join(', ')}`}
    >
      <title>
        {shown.map((p, i) => `${periodLabel(p)}: ${(counts[i] ?? 0).toLocaleString('en')}`).join('\n')}
      </title>
      {counts.map((count, i) => {
        const height = Math.max(1, (count / max) * 14);
        // biome-ignore lint/suspicious/noArrayIndexKey: one bar per period, in order
        return <rect key={i} x={i * 6} y={14 - height} width={4} height={height} rx={1} />;
      })}
    </svg>
  );
}
