/**
 * What a heap holds per connection: the difference between two V8 heap snapshots
 * (bench/memory-probe.cjs writes them, as PID-N.heapsnapshot, where MEMORY_SNAPSHOT_DIR says), by object kind and
 * constructor, divided by the connections opened between them.
 *
 *   tsx bench/heap-diff.ts before.heapsnapshot after.heapsnapshot 1000
 */
import { readFileSync } from 'node:fs';

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

/** Self bytes and counts by "type name" (e.g. "object WebSocket", "closure onMessage"). */
function tally(file: string): Map<string, { bytes: number; count: number }> {
  const heap = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  const fields = heap.snapshot.meta.node_fields;
  const types = heap.snapshot.meta.node_types[0];
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f)) as [
    number,
    number,
    number,
  ];
  const byKind = new Map<string, { bytes: number; count: number }>();
  for (let i = 0; i < heap.nodes.length; i += fields.length) {
    const type = types[heap.nodes[i + typeAt] as number] as string;
    // Strings and numbers by type alone: their "names" are their contents.
    const name = ['string', 'concatenated string', 'sliced string', 'number'].includes(type)
      ? ''
      : (heap.strings[heap.nodes[i + nameAt] as number] ?? '').slice(0, 60);
    const key = `${type} ${name}`;
    const entry = byKind.get(key) ?? { bytes: 0, count: 0 };
    entry.bytes += heap.nodes[i + sizeAt] as number;
    entry.count++;
    byKind.set(key, entry);
  }
  return byKind;
}

const [beforeFile, afterFile, connections] = process.argv.slice(2);
if (!beforeFile || !afterFile || !connections)
  throw new Error('usage: heap-diff.ts before after connections');
const n = Number(connections);
const before = tally(beforeFile);
const after = tally(afterFile);
const rows = [...after]
  .map(([key, a]) => {
    const b = before.get(key) ?? { bytes: 0, count: 0 };
    return { key, bytes: (a.bytes - b.bytes) / n, count: (a.count - b.count) / n };
  })
  .sort((x, y) => y.bytes - x.bytes);
const total = rows.reduce((sum, row) => sum + row.bytes, 0);
process.stdout.write(`heap per connection: ${(total / 1024).toFixed(2)} KB\n`);
process.stdout.write('| bytes per connection | objects per connection | kind |\n| --- | --- | --- |\n');
for (const row of rows.slice(0, 30)) {
  process.stdout.write(`| ${row.bytes.toFixed(0)} | ${row.count.toFixed(2)} | ${row.key} |\n`);
}
