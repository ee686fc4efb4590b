/**
 * Writes the example evidence files of docs/evidence.md, for an online-order journey over
 * January to March 2026, in the Online order template's reasons and stages: contacts.csv
 * (one row per contact, as a help desk exports them) and survey.csv (raw NPS answers per
 * journey stage, and CSAT answers for two stages).
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

// Reasons with their share of contacts, per month (late deliveries grow in March). The
// titles are the Online order template's own (shared/src/templates/online-order.ts), so
// importing this file into a board made from it fills the reasons its friction cards are
// tagged with; only the small "Other" bucket is new.
const REASONS = [
  [
    'Existing order',
    [30, 32, 34],
    [
      ['Where is my order', 8],
      ['Change delivery address', 3],
      ['Cancel an order', 2],
      ['Item missing from parcel', 1],
      ['No order confirmation received', 1],
    ],
  ],
  [
    'Delivery problem',
    [26, 28, 33],
    [
      ['Delivery is late', 5],
      ['Missed delivery / card left', 4],
      ['Rebook a delivery', 2],
      ['Parcel arrived damaged', 1],
      ['Marked delivered but not received', 1],
    ],
  ],
  [
    'Returns & refunds',
    [16, 15, 15],
    [
      ['Refund status', 4],
      ['Refund for a lost parcel', 2],
      ['Return label', 2],
      ['Book a return collection', 1],
    ],
  ],
  [
    'Payment & pricing',
    [9, 8, 6],
    [
      ['Delivery charge query', 3],
      ["Promo code didn't work", 2],
      ['Payment failed', 2],
      ['Charged twice', 1],
    ],
  ],
  [
    'Account & loyalty',
    [7, 6, 4],
    [
      ["Can't log in", 3],
      ['Loyalty points missing', 2],
      ['Track a guest order', 2],
      ['Plus delivery subscription', 1],
      ['Change contact preferences', 1],
    ],
  ],
  [
    'Product & stock',
    [6, 5, 3],
    [
      ['When is it back in stock', 3],
      ['Size & fit advice', 2],
      ['Delivery options for my postcode', 2],
      ['Click & collect availability', 1],
    ],
  ],
  ['Other', [6, 6, 5], [['', 1]]],
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

// Per stage of the template's current state, the chance of a promoter, a passive and a
// detractor (waiting, delivery day and the refund hurt); CSAT for the two stages the
// template already measures it at checkout and on delivery day.
const STAGES = [
  ['Browse & choose', [0.55, 0.3, 0.15]],
  ['Order & pay', [0.5, 0.3, 0.2]],
  ['Wait for delivery', [0.4, 0.28, 0.32]],
  ['Delivery day', [0.35, 0.25, 0.4]],
  ['Refund & resolution', [0.3, 0.25, 0.45]],
];
const CSAT_STAGES = new Set(['Order & pay', 'Delivery day']);

function survey() {
  const rows = [];
  for (const [index, { month, days }] of MONTHS.entries()) {
    for (const [stage, [promoter, passive]] of STAGES) {
      for (let i = 0; i < 120 + int(0, 30); i += 1) {
        // Delivery day gets worse in March, as late-delivery contacts grow.
        const drift = stage === 'Delivery day' ? index * 0.05 : 0;
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
          ['1', stage === 'Delivery day' ? 1 + index * 1.5 : 1],
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
