/**
 * DEFLATE for a ZIP written stored (uncompressed): each stored entry is compressed
 * by Node's native zlib and the archive written again around them. pptxgenjs can ask
 * JSZip to deflate, but JSZip's pure-JavaScript deflate adds some 130 ms to a
 * 2,000-card deck, whose whole export has 0.5 s; native zlib at its fastest level
 * takes about 20 ms. Synchronously, in slices with a turn of the event loop between
 * them: one thread-pool task per entry (a deck has hundreds) cost over twice as long.
 *
 * Only what a ZIP writer like JSZip produces is taken: one disk, no ZIP64, no
 * encryption; anything else is refused rather than guessed at.
 */
import { constants, deflateRawSync } from 'node:zlib';
import { nextTurn } from './turns.js';

/**
 * zlib's fastest level: slide XML is so repetitive that it still comes out some 16
 * times smaller (level 6 saves a sixth more bytes for twice the time).
 */
const LEVEL = constants.Z_BEST_SPEED;
/** Input deflated between two turns of the event loop: a few milliseconds' work. */
const BYTES_PER_TURN = 1 << 20;

const SIGNATURE = { local: 0x04034b50, central: 0x02014b50, end: 0x06054b50 } as const;
const METHOD = { stored: 0, deflated: 8 } as const;
/** General-purpose flags: bit 0 encryption, bit 3 sizes in a data descriptor after the data. */
const FLAG = { encrypted: 0x1, dataDescriptor: 0x8 } as const;
const VERSION_DEFLATE = 20;
const HEADER = { local: 30, central: 46, end: 22 } as const;
/** The end record's comment is at most this long, so it lies in the archive's last 64 KiB + 22 bytes. */
const MAX_COMMENT = 0xffff;

export class ZipFormatError extends Error {}

function endRecordAt(zip: Buffer): number {
  const earliest = Math.max(0, zip.length - HEADER.end - MAX_COMMENT);
  for (let at = zip.length - HEADER.end; at >= earliest; at--) {
    if (zip.readUInt32LE(at) === SIGNATURE.end) return at;
  }
  throw new ZipFormatError('no end of central directory record');
}

interface Entry {
  /** The central directory header, as read. */
  central: Buffer;
  /** The local header (name and extra field included), as read. */
  local: Buffer;
  data: Buffer;
  method: number;
}

function readEntries(zip: Buffer): { entries: Entry[]; end: Buffer } {
  const endAt = endRecordAt(zip);
  const end = zip.subarray(endAt);
  const count = end.readUInt16LE(10);
  if (end.readUInt16LE(4) !== 0 || end.readUInt16LE(8) !== count)
    throw new ZipFormatError('a ZIP over several disks');
  let at = end.readUInt32LE(16);
  const entries: Entry[] = [];
  for (let i = 0; i < count; i++) {
    if (at + HEADER.central > endAt || zip.readUInt32LE(at) !== SIGNATURE.central)
      throw new ZipFormatError(`central directory entry ${i} is not where the directory says`);
    const length =
      HEADER.central + zip.readUInt16LE(at + 28) + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const central = zip.subarray(at, at + length);
    at += length;
    const flags = central.readUInt16LE(8);
    const size = central.readUInt32LE(20);
    const offset = central.readUInt32LE(42);
    if (flags & FLAG.encrypted) throw new ZipFormatError('an encrypted entry');
    if (size === 0xffffffff || offset === 0xffffffff) throw new ZipFormatError('a ZIP64 entry');
    if (offset + HEADER.local > endAt || zip.readUInt32LE(offset) !== SIGNATURE.local)
      throw new ZipFormatError(`entry ${i} has no local header where the directory says`);
    const dataAt = offset + HEADER.local + zip.readUInt16LE(offset + 26) + zip.readUInt16LE(offset + 28);
    if (dataAt + size > endAt) throw new ZipFormatError(`entry ${i} runs past the central directory`);
    entries.push({
      central,
      local: zip.subarray(offset, dataAt),
      data: zip.subarray(dataAt, dataAt + size),
      method: central.readUInt16LE(10),
    });
  }
  return { entries, end };
}

/** The same archive with every stored entry deflated; entries already compressed are kept as they are. */
export async function deflateZip(zip: Buffer): Promise<Buffer> {
  const { entries, end } = readEntries(zip);
  const packed: Buffer[] = [];
  let sinceTurn = 0;
  for (const entry of entries) {
    if (entry.method !== METHOD.stored) {
      packed.push(entry.data);
      continue;
    }
    if (sinceTurn >= BYTES_PER_TURN) {
      await nextTurn();
      sinceTurn = 0;
    }
    packed.push(deflateRawSync(entry.data, { level: LEVEL }));
    sinceTurn += entry.data.length;
  }
  const parts: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  entries.forEach((entry, i) => {
    const data = packed[i] as Buffer;
    const method = entry.method === METHOD.stored ? METHOD.deflated : entry.method;
    // Sizes and CRC go in the headers: the CRC is the stored data's, which deflating does not change.
    const local = Buffer.from(entry.local);
    const central = Buffer.from(entry.central);
    for (const [header, base] of [
      [local, 4],
      [central, 6],
    ] as const) {
      header.writeUInt16LE(Math.max(header.readUInt16LE(base), VERSION_DEFLATE), base);
      header.writeUInt16LE(header.readUInt16LE(base + 2) & ~FLAG.dataDescriptor, base + 2);
      header.writeUInt16LE(method, base + 4);
      header.writeUInt32LE(entry.central.readUInt32LE(16), base + 10);
      header.writeUInt32LE(data.length, base + 14);
      header.writeUInt32LE(entry.central.readUInt32LE(24), base + 18);
    }
    central.writeUInt32LE(offset, 42);
    parts.push(local, data);
    directory.push(central);
    offset += local.length + data.length;
  });
  const directorySize = directory.reduce((sum, header) => sum + header.length, 0);
  const endRecord = Buffer.from(end);
  endRecord.writeUInt32LE(directorySize, 12);
  endRecord.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, ...directory, endRecord]);
}
