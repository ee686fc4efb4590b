/**
 * How a stage metric reads wherever it is shown: on the canvas's stage header, the
 * picture export's and the deck's journey maps. A metric fed by survey readings (#14)
 * also shows which way it moved since the reading before.
 */
import { comparePeriods, periodLabel } from './evidence/periods.js';
import type { MetricReading, StageMetric } from './model.js';

/**
 * A metric's latest survey reading beside the one before (means where several sources
 * measured a period): what the stage header shows, and what an import sets the metric's
 * current value to (commands/evidence.ts).
 */
export interface MetricTrend {
  period: string;
  /** The latest period's mean, to two decimals: the metric's current value. */
  value: number;
  /** The period before, and the change since it; null with a single reading. */
  previousPeriod: string | null;
  change: number | null;
  /** Answers behind the latest value, when the survey gave raw answers. */
  responses: number | null;
}

export type TrendedMetric = StageMetric & { trend?: MetricTrend | null };

const round1 = (value: number) => Math.round(value * 10) / 10;
const round2 = (value: number) => Math.round(value * 100) / 100;

/** Each metric's trend, for metrics with survey readings. */
export function metricTrends(
  readings: ReadonlyArray<Pick<MetricReading, 'metricId' | 'period' | 'value' | 'responses'>>,
): Map<string, MetricTrend> {
  const byMetric = new Map<string, Map<string, { sum: number; count: number; responses: number | null }>>();
  for (const reading of readings) {
    const periods = byMetric.get(reading.metricId) ?? new Map();
    const entry = periods.get(reading.period) ?? { sum: 0, count: 0, responses: null };
    entry.sum += reading.value;
    entry.count += 1;
    if (reading.responses !== null) entry.responses = (entry.responses ?? 0) + reading.responses;
    periods.set(reading.period, entry);
    byMetric.set(reading.metricId, periods);
  }
  const trends = new Map<string, MetricTrend>();
  for (const [metricId, periods] of byMetric) {
    const sorted = [...periods.keys()].sort(comparePeriods);
    const latestKey = sorted.at(-1) as string;
    const latest = periods.get(latestKey) as { sum: number; count: number; responses: number | null };
    const previousKey = sorted.at(-2) ?? null;
    const previous = previousKey ? periods.get(previousKey) : undefined;
    const mean = latest.sum / latest.count;
    trends.set(metricId, {
      period: latestKey,
      value: round2(mean),
      previousPeriod: previousKey,
      change: previous ? round1(round1(mean) - round1(previous.sum / previous.count)) : null,
      responses: latest.responses,
    });
  }
  return trends;
}

/** The board's metrics with their trends, for the views that show both. */
export function trendedMetrics(
  metrics: readonly StageMetric[],
  readings: readonly MetricReading[],
): TrendedMetric[] {
  if (readings.length === 0) return metrics as TrendedMetric[];
  const trends = metricTrends(readings);
  return metrics.map((metric) => ({ ...metric, trend: trends.get(metric.id) ?? null }));
}

/** "NPS 12 ▲4 → 40", or in full for a tooltip: "NPS: now 12 (Mar 2026, up 4 on Feb 2026), target 40". */
export function formatMetric(metric: TrendedMetric, full = false): string {
  // The header shows the short name; a standard metric's own label (how it is measured) is for the tooltip.
  const short = metric.name === 'custom' ? metric.label : metric.name;
  const value = (v: number | null) => (v === null ? '–' : String(v));
  const trend = metric.trend ?? null;
  const change = trend?.change ?? null;
  if (full) {
    const name = metric.name !== 'custom' && metric.label ? `${metric.name} (${metric.label})` : short;
    let measured = '';
    if (trend) {
      const moved =
        change === null || trend.previousPeriod === null
          ? ''
          : `, ${change === 0 ? 'level with' : `${change > 0 ? 'up' : 'down'} ${Math.abs(change)} on`} ${periodLabel(trend.previousPeriod)}`;
      const answers = trend.responses === null ? '' : `; ${trend.responses.toLocaleString('en')} responses`;
      measured = ` (${periodLabel(trend.period)}${moved}${answers})`;
    }
    return `${name}: now ${value(metric.current)}${measured}, target ${value(metric.target)}`;
  }
  const arrow = change === null || change === 0 ? '' : ` ${change > 0 ? '▲' : '▼'}${Math.abs(change)}`;
  return metric.target === null
    ? `${short} ${value(metric.current)}${arrow}`
    : `${short} ${value(metric.current)}${arrow} → ${value(metric.target)}`;
}
