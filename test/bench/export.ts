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
const RUNS = 5;

const doc = new Y.Doc();
importBoardJson(doc, bigBoardFile(CARDS));
const board = readBoard(doc);

async function time(run: () => unknown): Promise<{ median: number; bytes: number }> {
  let bytes = 0;
  const result = await run(); // warm-up: JIT, fonts, first allocation
  bytes = Buffer.isBuffer(result) ? result.byteLength : typeof result === 'string' ? result.length : 0;
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  return {
    median: percentile(
      samples.sort((a, b) => a - b),
      50,
    ),
    bytes,
  };
}

const rows: Array<[string, { median: number; bytes: number }, string]> = [];
for (const format of ['pptx', 'pdf', 'png', 'svg', 'json', 'csv'] as const) {
  const target = format === 'pptx' ? '≤ 500 ms' : format === 'png' ? '≤ 1000 ms' : '';
  rows.push([format, await time(async () => (await exportBoard(board, format)).body), target]);
  // Peer: the same deck stored, as the PPTX was written before it was deflated (#15).
  if (format === 'pptx')
    rows.push([
      'pptx stored (peer: no compression)',
      await time(() => renderPptx(board, { compression: false })),
      '',
    ]);
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
