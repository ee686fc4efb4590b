/**
 * The one path that brings an older board forward to SCHEMA_VERSION. The server
 * runs it when it loads a room, before any client syncs, so a board is migrated
 * once, in one transaction; every step is also safe to run twice.
 */
import * as Y from 'yjs';
import { SCHEMA_VERSION } from './model.js';
import { ORIGINS, type TransactionOrigin } from './origins.js';
import { entities, CARD_FRICTION_KEYS as F, metaMap, visionText } from './schema.js';

interface Migration {
  to: number;
  description: string;
  apply(doc: Y.Doc): void;
}

const MIGRATIONS: readonly Migration[] = [
  {
    to: 2,
    description:
      'vision becomes shared text; card friction becomes flat fields so concurrent edits of severity and frequency both survive',
    apply(doc) {
      const meta = metaMap(doc);
      const oldVision = meta.get('vision');
      if (typeof oldVision === 'string') {
        if (visionText(doc).length === 0 && oldVision !== '') visionText(doc).insert(0, oldVision);
        meta.delete('vision');
      }
      for (const [, card] of entities(doc, 'cards')) {
        const friction = card.get('friction');
        if (friction === undefined) continue;
        card.delete('friction');
        if (typeof friction !== 'object' || friction === null || friction instanceof Y.AbstractType) continue;
        const old = friction as Record<string, unknown>;
        const frequency = (old.frequency ?? null) as Record<string, unknown> | null;
        const fields: Record<string, unknown> = {
          [F.severity]: old.severity ?? null,
          [F.frequencyCount]: frequency?.count ?? null,
          [F.frequencyPeriod]: frequency?.period ?? null,
          [F.segmentId]: old.segment ?? null,
          [F.rootCause]: old.rootCause ?? '',
          [F.ownerTeam]: old.ownerTeam ?? '',
          [F.epic]: old.epic ?? null,
        };
        for (const [key, value] of Object.entries(fields)) {
          if (!card.has(key)) card.set(key, value);
        }
      }
    },
  },
  {
    to: 3,
    description:
      'adds scoring settings, dot-vote sessions, the workshop timer, per-person emotion ratings and card priority; nothing to convert',
    apply() {},
  },
  {
    to: 4,
    description:
      'workshop roles: cards gain an author (existing cards have none, so only editors and above change them) and the facilitator gets the structure lock and private rounds; nothing to convert',
    apply() {},
  },
];

export interface MigrationResult {
  from: number;
  to: number;
  applied: string[];
}

/** The schema version a document declares (1 for a board written before versions were numbered). */
export function schemaVersionOf(doc: Y.Doc): number {
  const version = metaMap(doc).get('schemaVersion');
  return typeof version === 'number' && Number.isInteger(version) ? version : 1;
}

/** Migrates a board forward in one transaction; a board already current, or newer, is left alone. */
export function migrateBoard(doc: Y.Doc, origin: TransactionOrigin = ORIGINS.migration): MigrationResult {
  const from = schemaVersionOf(doc);
  const pending = MIGRATIONS.filter((m) => m.to > from && m.to <= SCHEMA_VERSION);
  if (pending.length === 0) return { from, to: from, applied: [] };
  doc.transact(() => {
    for (const migration of pending) migration.apply(doc);
    metaMap(doc).set('schemaVersion', SCHEMA_VERSION);
  }, origin);
  return { from, to: SCHEMA_VERSION, applied: pending.map((m) => `v${m.to}: ${m.description}`) };
}
