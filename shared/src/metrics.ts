/**
 * How a stage metric reads wherever it is shown: on the canvas's stage header, the
 * picture export's and the deck's journey maps.
 */
import type { StageMetric } from './model.js';

/** "NPS 12 → 40", or in full for a tooltip: "NPS: now 12, target 40". */
export function formatMetric(metric: StageMetric, full = false): string {
  // The header shows the short name; a standard metric's own label (how it is measured) is for the tooltip.
  const short = metric.name === 'custom' ? metric.label : metric.name;
  const value = (v: number | null) => (v === null ? '–' : String(v));
  if (full) {
    const name = metric.name !== 'custom' && metric.label ? `${metric.name} (${metric.label})` : short;
    return `${name}: now ${value(metric.current)}, target ${value(metric.target)}`;
  }
  return metric.target === null
    ? `${short} ${value(metric.current)}`
    : `${short} ${value(metric.current)} → ${value(metric.target)}`;
}
