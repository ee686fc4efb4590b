/**
 * Compact rows for template data. Most template entities are just a key and a
 * title, so a template writes them as `key: title` pairs, in the order they appear.
 */
import type { LaneKind } from '../model.js';

/** `{ browse: 'Browse & choose' }` as `[{ key: 'browse', title: 'Browse & choose' }]`. */
export function keyed(titles: Readonly<Record<string, string>>): Array<{ key: string; title: string }> {
  return Object.entries(titles).map(([key, title]) => ({ key, title }));
}

/** Lanes keyed by their kind: a template has at most one lane of each kind. */
export function lanesByKind(
  titles: Readonly<Partial<Record<LaneKind, string>>>,
): Array<{ key: LaneKind; kind: LaneKind; title: string }> {
  return (Object.entries(titles) as Array<[LaneKind, string]>).map(([kind, title]) => ({
    key: kind,
    kind,
    title,
  }));
}
