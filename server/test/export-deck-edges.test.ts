/**
 * Lines in the deck: each line between two cards on the same journey-map slide,
 * routed by the canvas's router (shared/src/edge-routes.ts) as straight runs that
 * turn between columns, ending in an arrowhead on the target card's left side; in
 * the PowerPoint file as a line with a triangle end, in the PDF as a drawn one.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBoard, readBoard } from '@journeyboard/shared';
import { type BoxShape, buildDeck, type LineShape } from '@journeyboard/shared/story';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { renderPdf } from '../src/export/pdf.js';
import { renderPptx } from '../src/export/pptx.js';

const ARTIFACTS = fileURLToPath(new URL('../../test/.artifacts/', import.meta.url));

function workedExample() {
  const doc = new Y.Doc();
  createBoard(doc, { title: 'Online order', template: 'online-order' });
  return readBoard(doc);
}

describe('edges in the deck', () => {
  it('draws each line between cards on one map slide as elbows ending in an arrowhead at a card', async () => {
    const board = workedExample();
    const deck = buildDeck(board, { date: new Date(0) });
    const maps = deck.slides.filter((s) => s.kind === 'journey-map');
    let arrows = 0;
    for (const slide of maps) {
      const onSlide = new Set(slide.cardIds);
      const expected = board.edges.filter(
        (e) => e.stateId === slide.stateId && onSlide.has(e.from) && onSlide.has(e.to),
      );
      const lines = slide.shapes.filter(
        (s): s is LineShape => s.type === 'line' && s.name.startsWith('edge-'),
      );
      const heads = lines.filter((l) => l.arrow);
      expect(heads).toHaveLength(expected.length);
      // Straight across or straight down, never a diagonal.
      expect(lines.filter((l) => l.x1 !== l.x2 && l.y1 !== l.y2)).toEqual([]);
      const cards = slide.shapes.filter((s): s is BoxShape => s.type === 'box' && s.name.startsWith('card-'));
      for (const head of heads) {
        // Rightwards onto a card's left side.
        expect(head.y1).toBe(head.y2);
        expect(head.x2).toBeGreaterThan(head.x1);
        const target = cards.find(
          (c) => Math.abs(c.x - head.x2) < 1e-9 && head.y2 > c.y && head.y2 < c.y + c.h,
        );
        expect(target).toBeDefined();
      }
      arrows += heads.length;
    }
    expect(arrows).toBeGreaterThan(5);

    const zip = await JSZip.loadAsync(await renderPptx(board, { date: new Date(0) }));
    const slideXml = await Promise.all(
      Object.keys(zip.files)
        .filter((name) => /^ppt\/slides\/slide\d+\.xml$/.test(name))
        .map((name) => zip.file(name)!.async('string')),
    );
    const triangles = slideXml.join('').match(/<a:(tail|head)End type="triangle"/g) ?? [];
    expect(triangles).toHaveLength(arrows);

    // The PDF's first map page, for a person to look at (test/.artifacts).
    const pdf = await renderPdf(board, { date: new Date(0) });
    if (existsSync('/usr/bin/pdftoppm')) {
      const dir = mkdtempSync(path.join(tmpdir(), 'deck-edges-'));
      writeFileSync(path.join(dir, 'deck.pdf'), pdf);
      const page = deck.slides.indexOf(maps[0]!) + 1;
      const args = ['-png', '-r', '110', '-f', `${page}`, '-l', `${page}`, '-singlefile'];
      execFileSync('/usr/bin/pdftoppm', [...args, path.join(dir, 'deck.pdf'), path.join(dir, 'map')]);
      mkdirSync(ARTIFACTS, { recursive: true });
      renameSync(path.join(dir, 'map.png'), path.join(ARTIFACTS, 'deck-edges.png'));
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
