/**
 * Which reasons make up most contacts: primary reasons as bars, largest first, with
 * the running share as a line against a scale of 0-100 % and the 80 % mark dashed.
 * The reasons before the line crosses 80 % (the vital few) are drawn in the accent.
 */
import type { ParetoBar } from '@journeyboard/shared';

const ROW = 26;
const LABEL = 118;
const WIDTH = 300;
const CHART = WIDTH - LABEL - 8;
const TOP = 18;

export function ParetoChart({ bars, period }: { bars: ParetoBar[]; period: string }) {
  if (bars.length === 0) return null;
  const max = Math.max(...bars.map((b) => b.volume));
  const height = TOP + bars.length * ROW + 6;
  const x = (share: number) => LABEL + share * CHART;
  const line = bars.map((b, i) => `${x(b.cumulative)},${TOP + i * ROW + ROW / 2}`).join(' ');
  const vital = bars.filter((b) => b.vital);
  return (
    <figure className="pareto">
      <svg
        viewBox={`0 0 ${WIDTH} ${height}`}
        role="img"
        aria-label={`Pareto of contact reasons in ${period}: ${vital.map((b) => b.title).join(', ')} make up ${Math.round((vital.at(-1)?.cumulative ?? 0) * 100)} % of contacts`}
      >
        <text className="pareto__axis" x={x(0)} y={11}>
          0
        </text>
        <text className="pareto__axis" x={x(0.8)} y={11} textAnchor="middle">
          80 %
        </text>
        <text className="pareto__axis" x={x(1)} y={11} textAnchor="end">
          100 %
        </text>
        <line className="pareto__mark" x1={x(0.8)} x2={x(0.8)} y1={TOP - 4} y2={height - 4} />
        {bars.map((bar, i) => {
          const y = TOP + i * ROW;
          return (
            <g key={bar.reasonId}>
              <title>{`${bar.title}: ${bar.volume.toLocaleString('en')} contacts, ${Math.round(bar.share * 100)} %; ${Math.round(bar.cumulative * 100)} % with the reasons above`}</title>
              <text className="pareto__label" x={LABEL - 6} y={y + ROW / 2 + 4} textAnchor="end">
                {bar.title.length > 18 ? `${bar.title.slice(0, 17)}…` : bar.title}
              </text>
              <rect
                className={bar.vital ? 'pareto__bar pareto__bar--vital' : 'pareto__bar'}
                x={LABEL}
                y={y + 5}
                width={Math.max(2, (bar.volume / max) * CHART)}
                height={ROW - 10}
                rx={3}
              />
            </g>
          );
        })}
        <polyline className="pareto__line" points={line} />
        {bars.map((bar, i) => (
          <circle
            key={bar.reasonId}
            className="pareto__dot"
            cx={x(bar.cumulative)}
            cy={TOP + i * ROW + ROW / 2}
            r={3}
          />
        ))}
      </svg>
      <figcaption className="muted">
        {`${vital.length} of ${bars.length} primary reasons make up ${Math.round((vital.at(-1)?.cumulative ?? 0) * 100)} % of contacts in ${period}.`}
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
