/**
 * The bounds client, server and files agree on: how long a text may be, how many of a
 * thing one board or one person may hold. The entity declarations, the presence schema
 * and the board-file check read them here; the server's own limits (frames, rates,
 * storage) are configuration (server/src/config.ts).
 */

/** Bounds of the document's texts and numbers. */
export const LIMITS = {
  title: 200,
  cardText: 2_000,
  shortText: 500,
  longText: 20_000,
  channel: 40,
  maxFrequencyCount: 1e9,
  /** A period key of evidence: 2026-03-14, 2026-W11, 2026-Q1. */
  periodKey: 10,
  /** A survey score: NPS is -100..100, a custom metric may count more. */
  maxMetricValue: 1e9,
  /** Contact volumes one board keeps over all its sources: reason × period × channel. */
  maxVolumes: 6_000,
  /** Survey readings one board keeps: stage metric × period. */
  maxReadings: 5_000,
  maxDots: 100,
  maxPriority: 10_000,
  maxWeight: 100,
  /** A workshop timer runs at most a day. */
  maxTimerMs: 24 * 60 * 60 * 1000,
} as const;

/** The most entities of one kind a board file may hold: far beyond a real workshop, well short of a memory bomb. */
export const IMPORT_LIMITS = { cards: 20_000, other: 5_000 } as const;

/** Bytes of one person's presence as JSON, at most: a cursor, a viewport and a long selection fit easily. */
export const PRESENCE_MAX_BYTES = 2048;
/** Characters of a display name, at most. */
export const DISPLAY_NAME_MAX = 60;
/** Cards one person may show as selected. */
export const SELECTION_MAX = 200;
