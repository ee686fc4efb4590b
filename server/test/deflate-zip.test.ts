/**
 * The PPTX's compression (export/deflate-zip.ts): a stored ZIP comes back deflated
 * with the same entries and contents, as JSZip (what PowerPoint-compatible readers
 * do) reads it; an archive it cannot read is refused, never guessed at.
 */
import { createBoard, readBoard } from '@journeyboard/shared';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { deflateZip, ZipFormatError } from '../src/export/deflate-zip.js';
import { renderPptx } from '../src/export/pptx.js';

async function contents(zip: Buffer): Promise<Map<string, string>> {
  const read = await JSZip.loadAsync(zip);
  const entries = new Map<string, string>();
  for (const [name, file] of Object.entries(read.files))
    if (!file.dir) entries.set(name, await file.async('string'));
  return entries;
}

/** The compression method of each entry, from the central directory. */
function methods(zip: Buffer): number[] {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let at = zip.readUInt32LE(end + 16);
  const found: number[] = [];
  for (let i = 0; i < zip.readUInt16LE(end + 10); i++) {
    found.push(zip.readUInt16LE(at + 10));
    at += 46 + zip.readUInt16LE(at + 28) + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return found;
}

describe('deflating a stored ZIP', () => {
  it('keeps every entry and its contents, deflated and smaller', async () => {
    const source = new JSZip();
    source.file('ppt/slides/slide1.xml', `<p:sld>${'<a:t>Card text</a:t>'.repeat(2000)}</p:sld>`);
    source.file('[Content_Types].xml', '<Types/>');
    source.file('empty.txt', '');
    source.folder('ppt/media');
    const stored = await source.generateAsync({ type: 'nodebuffer', compression: 'STORE' });
    const deflated = await deflateZip(stored);
    expect(methods(stored).every((m) => m === 0)).toBe(true);
    expect(methods(deflated).every((m) => m === 8)).toBe(true);
    expect(deflated.length).toBeLessThan(stored.length / 5);
    expect(await contents(deflated)).toEqual(await contents(stored));
  });

  it('refuses what is not a whole ZIP: garbage, a cut archive, a directory pointing past the end', async () => {
    const source = new JSZip();
    source.file('a.xml', '<a/>'.repeat(100));
    const stored = await source.generateAsync({ type: 'nodebuffer', compression: 'STORE' });
    await expect(deflateZip(Buffer.alloc(70_000, 7))).rejects.toThrow(ZipFormatError);
    await expect(deflateZip(stored.subarray(0, stored.length - 10))).rejects.toThrow(ZipFormatError);
    const lying = Buffer.from(stored);
    const end = lying.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    lying.writeUInt32LE(lying.length, end + 16);
    await expect(deflateZip(lying)).rejects.toThrow(ZipFormatError);
  });
});

describe('the PPTX', () => {
  it('is written deflated, with the same parts as the stored file', async () => {
    const doc = new Y.Doc();
    createBoard(doc, { title: 'Worked example', template: 'online-order' });
    const board = readBoard(doc);
    const date = new Date(0);
    const [deflated, stored] = await Promise.all([
      renderPptx(board, { date }),
      renderPptx(board, { date, compression: false }),
    ]);
    expect(methods(deflated).every((m) => m === 8)).toBe(true);
    expect(deflated.length).toBeLessThan(stored.length / 4);
    const [a, b] = [await contents(deflated), await contents(stored)];
    // docProps/core.xml holds the time of writing.
    a.delete('docProps/core.xml');
    b.delete('docProps/core.xml');
    expect(a).toEqual(b);
  });
});
