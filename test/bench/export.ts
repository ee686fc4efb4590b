/**
 * Export benchmark: a 2,000-card board (every cell full, friction on every card)
 * exported to each format, median of several runs after a warm-up. Targets from the
 * export issue: PPTX ≤ 0.5 s (deflated, since #15), PNG ≤ 1 s. Peers in the same run:
 * the PPTX stored without compression (as it was written before), the PDF is the same
 * deck through another renderer, and Chromium rasterising the very same SVG is the
 * alternative to resvg for PNG.
 *
 *   pnpm bench:export
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { exportBoard, renderPng, renderPptx, renderSvg } from '@journeyboard/server';
import { importBoardJson, readBoard } from '@journeyboard/shared';
import * as Y from 'yjs';
import { launchChromium } from '../support/browser.js';
import { bigBoardFile } from './big-board.js';
import { fmt, percentile } from './stats.js';

const CARDS = 2000;
const RUNS = 9;

const doc = new Y.Doc();
importBoardJson(doc, bigBoardFile(CARDS));
const board = readBoard(doc);

type Timing = { median: number; bytes: number };

/**
 * Median time of each of `runs`, after a warm-up (JIT, fonts, first allocation).
 * Their samples interleave, so two runs compared side by side share the machine's
 * load and the process's warmth alike.
 */
async function timeSideBySide(...runs: Array<() => unknown>): Promise<Timing[]> {
  const bytes: number[] = [];
  for (const run of runs) {
    const result = await run();
    bytes.push(Buffer.isBuffer(result) ? result.byteLength : typeof result === 'string' ? result.length : 0);
  }
  const samples: number[][] = runs.map(() => []);
  for (let i = 0; i < RUNS; i++) {
    for (const [r, run] of runs.entries()) {
      const started = performance.now();
      await run();
      samples[r]?.push(performance.now() - started);
    }
  }
  return runs.map((_, r) => ({
    median: percentile(
      (samples[r] ?? []).sort((a, b) => a - b),
      50,
    ),
    bytes: bytes[r] ?? 0,
  }));
}

const time = async (run: () => unknown): Promise<Timing> => (await timeSideBySide(run))[0] as Timing;

const rows: Array<[string, Timing, string]> = [];
for (const format of ['pptx', 'pdf', 'png', 'svg', 'json', 'csv'] as const) {
  const target = format === 'pptx' ? '≤ 500 ms' : format === 'png' ? '≤ 1000 ms' : '';
  const exported = async () => (await exportBoard(board, format)).body;
  if (format !== 'pptx') {
    rows.push([format, await time(exported), target]);
    continue;
  }
  // Peer: the same deck stored, as the PPTX was written before it was deflated (#15).
  const [deflated, stored] = await timeSideBySide(exported, () => renderPptx(board, { compression: false }));
  rows.push([format, deflated as Timing, target]);
  rows.push(['pptx stored (peer: no compression)', stored as Timing, '']);
}

// Peer: Chromium rasterising the same SVG at the same size as the resvg PNG.
const png = await renderPng(board);
const width = png.readUInt32BE(16);
const height = png.readUInt32BE(20);
const svg = renderSvg(board, { cardText: 'bars' });
const browser = await launchChromium();
const page = await browser.newPage({ viewport: { width, height } });
rows.push([
  'png (peer: Chromium screenshot of the same SVG)',
  await time(async () => {
    await page.setContent(
      `<body style="margin:0">${svg.replace('<svg ', `<svg style="width:${width}px;height:${height}px" `)}</body>`,
    );
    return page.screenshot({ type: 'png', fullPage: true });
  }),
  '',
]);
await browser.close();

console.log(
  `\nExport of a ${CARDS}-card board (${board.cards.length} cards, ${board.stages.length} stages × ${board.lanes.length} lanes)`,
);
console.log(
  `machine: ${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}, node ${process.version}; median of ${RUNS} runs\n`,
);
console.log('| format | median ms | size | target |');
console.log('| --- | ---: | ---: | --- |');
for (const [name, { median, bytes }, target] of rows) {
  const verdict = target ? `${target} ${median <= Number(target.replace(/\D/g, '')) ? '✓' : '✗'}` : '';
  console.log(`| ${name} | ${fmt(median)} | ${(bytes / 1024).toFixed(0)} KiB | ${verdict} |`);
}

const artifacts = fileURLToPath(new URL('../.artifacts', import.meta.url));
mkdirSync(artifacts, { recursive: true });
writeFileSync(
  path.join(artifacts, 'bench-export.json'),
  JSON.stringify(
    {
      cards: CARDS,
      runs: RUNS,
      machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`,
      medianMs: Object.fromEntries(rows.map(([name, { median }]) => [name, Math.round(median * 10) / 10])),
    },
    null,
    2,
  ),
);
