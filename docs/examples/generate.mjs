/**
 * Writes the example evidence files of docs/evidence.md, for an online-order journey over
 * January to March 2026: contacts.csv (one row per contact, as a help desk exports them)
 * and survey.csv (raw NPS answers per journey stage, and CSAT answers for two stages).
 * Seeded, so the files are the same on every run:
 *
 *   node docs/examples/generate.mjs
 */
import { writeFileSync } from 'node:fs';

/** mulberry32: small, seeded, good enough for example data. */
function seeded(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const random = seeded(14);
const int = (min, max) => min + Math.floor(random() * (max - min + 1));
/** One of the items, by weight ([item, weight] pairs). */
function weighted(pairs) {
  let at = random() * pairs.reduce((sum, [, weight]) => sum + weight, 0);
  for (const [item, weight] of pairs) {
    at -= weight;
    if (at < 0) return item;
  }
  return pairs[pairs.length - 1][0];
}
const MONTHS = [
  { month: 1, days: 31 },
  { month: 2, days: 28 },
  { month: 3, days: 31 },
];
const stamp = (month, day) =>
  `2026-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')} ` +
  `${String(int(7, 21)).padStart(2, '0')}:${String(int(0, 59)).padStart(2, '0')}:${String(int(0, 59)).padStart(2, '0')}`;
const csv = (cells) =>
  cells.map((cell) => (/[",\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell)).join(',');

// Reasons with their share of contacts, per month (the late-delivery problem grows in March).
const REASONS = [
  [
    'Delivery',
    [22, 24, 31],
    [
      ['Late', 5],
      ['Not received', 3],
      ['Damaged', 2],
      ['Wrong address', 1],
      ['Courier rude', 1],
    ],
  ],
  [
    'Payment',
    [16, 15, 14],
    [
      ['Card declined', 4],
      ['Charged twice', 2],
      ['Voucher not applied', 2],
      ['Invoice request', 1],
    ],
  ],
  [
    'Returns',
    [18, 17, 15],
    [
      ['Refund late', 4],
      ['Return label', 3],
      ['Pickup missed', 2],
      ['Item not accepted', 1],
      ['Exchange', 1],
      ['Return cost', 1],
    ],
  ],
  [
    'Account',
    [12, 12, 11],
    [
      ['Password reset', 4],
      ['Login failed', 3],
      ['Change email', 1],
    ],
  ],
  [
    'Product info',
    [13, 12, 11],
    [
      ['Size guide', 3],
      ['Availability', 3],
      ['Materials', 1],
      ['Compatibility', 1],
    ],
  ],
  [
    'Order changes',
    [13, 14, 12],
    [
      ['Cancel order', 4],
      ['Change address', 3],
      ['Add item', 1],
      ['Split delivery', 1],
      ['Gift wrap', 1],
    ],
  ],
  ['Other', [6, 6, 6], [['', 1]]],
];
const CHANNELS = [
  ['phone', 4],
  ['chat', 4],
  ['email', 3],
];

function contacts() {
  const rows = [];
  for (const [index, { month, days }] of MONTHS.entries()) {
    const volume = 620 + index * 70; // about 2,000 contacts in all, rising
    for (let i = 0; i < volume; i += 1) {
      const [primary, , secondaries] = weighted(REASONS.map((reason) => [reason, reason[1][index]]));
      rows.push([stamp(month, int(1, days)), primary, weighted(secondaries), weighted(CHANNELS)]);
    }
  }
  rows.sort((a, b) => a[0].localeCompare(b[0]));
  const lines = rows.map((row, i) => csv([String(40_001 + i), ...row]));
  return `${['Ticket ID,Created at,Contact reason,Sub-reason,Channel', ...lines].join('\n')}\n`;
}

// Per stage, the chance of a promoter, a passive and a detractor (Delivery and Returns hurt).
const STAGES = [
  ['Discover', [0.55, 0.3, 0.15]],
  ['Order', [0.6, 0.28, 0.12]],
  ['Pay', [0.5, 0.3, 0.2]],
  ['Delivery', [0.35, 0.25, 0.4]],
  ['Returns', [0.3, 0.25, 0.45]],
];
const CSAT_STAGES = new Set(['Pay', 'Delivery']);

function survey() {
  const rows = [];
  for (const [index, { month, days }] of MONTHS.entries()) {
    for (const [stage, [promoter, passive]] of STAGES) {
      for (let i = 0; i < 120 + int(0, 30); i += 1) {
        // Delivery gets worse in March, as its contacts grow.
        const drift = stage === 'Delivery' ? index * 0.05 : 0;
        const roll = random() + drift;
        const answer =
          roll < promoter - drift ? int(9, 10) : roll < promoter + passive ? int(7, 8) : int(0, 6);
        rows.push([stamp(month, int(1, days)), stage, 'NPS', String(answer)]);
      }
      if (!CSAT_STAGES.has(stage)) continue;
      for (let i = 0; i < 70 + int(0, 15); i += 1) {
        const answer = weighted([
          ['5', 4],
          ['4', 3],
          ['3', 1],
          ['2', 1],
          ['1', stage === 'Delivery' ? 1 + index * 1.5 : 1],
        ]);
        rows.push([stamp(month, int(1, days)), stage, 'CSAT', answer]);
      }
    }
  }
  rows.sort((a, b) => a[0].localeCompare(b[0]));
  return `${['Submitted at,Stage,Metric,Response', ...rows.map(csv)].join('\n')}\n`;
}

const here = new URL('.', import.meta.url);
writeFileSync(new URL('contacts.csv', here), contacts());
writeFileSync(new URL('survey.csv', here), survey());
