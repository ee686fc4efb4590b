/**
 * What reading an evidence file costs (issue #14): 1,000,000 generated one-row-per-contact
 * rows through the streaming CSV reader and the contact aggregator, fed in 64 KiB chunks
 * as an upload arrives. Prints rows per second and the heap after; no target is asserted.
 *
 *   npx tsc -b shared && pnpm --filter @journeyboard/test exec tsx bench/evidence-parse.ts
 *   (or `pnpm bench:evidence` in test/; BENCH_ROWS scales it)
 */
import { type ContactMapping, createContactAggregator, createCsvReader } from '@journeyboard/shared/evidence';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const CHUNK = 64 * 1024;
const REASONS = ['Delivery', 'Payment', 'Returns', 'Account', 'Product info', 'Order changes', 'Other'];
const SECONDARIES = ['Late', 'Damaged', 'Wrong item', 'Declined card', 'Refund late', ''];
const CHANNELS = ['phone', 'chat', 'email'];

/** The file as chunks, generated ahead so generation is not timed. */
function chunks(): string[] {
  const out: string[] = [];
  let buffer = 'Ticket ID,Created at,Contact reason,Sub-reason,Channel,Subject\n';
  let seed = 42;
  const next = (n: number) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed % n;
  };
  for (let i = 0; i < ROWS; i += 1) {
    const day = String(1 + next(28)).padStart(2, '0');
    const month = String(1 + next(3)).padStart(2, '0');
    buffer += `${100_000 + i},2026-${month}-${day}T${String(next(24)).padStart(2, '0')}:15:00Z,${REASONS[next(7)]},${SECONDARIES[next(6)]},${CHANNELS[next(3)]},"Order ${i}, ""urgent"""\n`;
    while (buffer.length >= CHUNK) {
      out.push(buffer.slice(0, CHUNK));
      buffer = buffer.slice(CHUNK);
    }
  }
  out.push(buffer);
  return out;
}

const file = chunks();
const bytes = file.reduce((sum, chunk) => sum + chunk.length, 0);
const mapping: ContactMapping = { period: 1, primary: 2, secondary: 3, channel: 4, count: null };
const started = performance.now();
const aggregator = createContactAggregator(mapping);
const reader = createCsvReader((fields, row) => {
  if (row > 1) aggregator.add(fields, row);
});
for (const chunk of file) reader.write(chunk);
reader.end();
const result = aggregator.finish();
const seconds = (performance.now() - started) / 1000;
if (!result.ok || reader.problems.length > 0) throw new Error(JSON.stringify(result));
console.log(
  `${ROWS.toLocaleString('en')} rows (${(bytes / 1e6).toFixed(1)} MB) in ${seconds.toFixed(2)} s: ` +
    `${Math.round(ROWS / seconds).toLocaleString('en')} rows/s, ${(bytes / 1e6 / seconds).toFixed(1)} MB/s; ` +
    `${result.aggregate.volumes.length} volumes, total ${result.aggregate.total}; ` +
    `heap ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB (the generated file included)`,
);
