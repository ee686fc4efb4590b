/**
 * Hand-built Yjs updates for attack tests. They are encoded here byte by byte, not
 * with the server's own code, so a bug in that code cannot hide itself.
 */
import { addCard, readBoard, updateCard } from '@journeyboard/shared';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

/** A y-websocket sync message (0 step 1, 1 step 2, 2 update) around a payload. */
export function syncFrame(subtype: 0 | 1 | 2, payload: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, subtype);
  encoding.writeVarUint8Array(e, payload);
  return encoding.toUint8Array(e);
}

/**
 * An update with no structs and a delete set of `ranges` for one client, in the
 * order given: repeats and overlaps are allowed by the format and cost nothing to send.
 */
export function deleteSetUpdate(client: number, ranges: ReadonlyArray<readonly [number, number]>): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0); // no structs
  encoding.writeVarUint(e, 1); // one client in the delete set
  encoding.writeVarUint(e, client);
  encoding.writeVarUint(e, ranges.length);
  for (const [clock, len] of ranges) {
    encoding.writeVarUint(e, clock);
    encoding.writeVarUint(e, len);
  }
  return encoding.toUint8Array(e);
}

/** Copies of one range, as many as fill about `bytes` of a delete set. */
export function repeatedRanges(range: readonly [number, number], bytes: number): Array<[number, number]> {
  const one = encoding.createEncoder();
  encoding.writeVarUint(one, range[0]);
  encoding.writeVarUint(one, range[1]);
  const count = Math.max(1, Math.floor(bytes / encoding.length(one)));
  return Array.from({ length: count }, () => [range[0], range[1]] as [number, number]);
}

/**
 * Gives a board a long history of deletions: `cards` cards whose text is rewritten
 * `rounds` times, card after card, so each overwritten text is a deleted item of its
 * own (none adjacent to another to merge with). Returns the Yjs client id that wrote them.
 */
export function growDeletedHistory(doc: Y.Doc, cards: number, rounds: number): number {
  const layout = readBoard(doc);
  const stageId = layout.stages[0]!.id;
  const laneId = layout.lanes[0]!.id;
  const ids: string[] = [];
  doc.transact(() => {
    for (let i = 0; i < cards; i++) ids.push(addCard(doc, { stageId, laneId, text: `card ${i}` }));
  });
  doc.transact(() => {
    for (let round = 0; round < rounds; round++)
      for (const id of ids) updateCard(doc, { id, text: `card ${id} round ${round}` });
  });
  return doc.clientID;
}

/** How many structs of the doc are deleted (GC'd or tombstoned), over all clients. */
export function deletedStructs(doc: Y.Doc): number {
  let count = 0;
  for (const structs of doc.store.clients.values()) for (const s of structs) if (s.deleted) count++;
  return count;
}

/** The longest run of consecutive deleted structs of one client, as [clock, length]. */
export function longestDeletedRun(doc: Y.Doc, client: number): [number, number] {
  let best: [number, number] = [0, 0];
  let start = -1;
  for (const s of doc.store.clients.get(client) ?? []) {
    if (s.deleted) {
      if (start < 0) start = s.id.clock;
      const len = s.id.clock + s.length - start;
      if (len > best[1]) best = [start, len];
    } else start = -1;
  }
  return best;
}
