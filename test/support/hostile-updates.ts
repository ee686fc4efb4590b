/**
 * Hand-built Yjs updates and protocol frames for attack tests. They are encoded here byte by byte, not
 * with the server's own code, so a bug in that code cannot hide itself.
 */
import { addCard, readBoard, updateCard } from '@journeyboard/shared';
import * as encoding from 'lib0/encoding';
import type * as Y from 'yjs';

/** A y-websocket awareness message: one client id, its clock, and its state as JSON. */
export function awarenessFrame(clientId: number, clock: number, state: unknown): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, 1);
  encoding.writeVarUint(inner, clientId);
  encoding.writeVarUint(inner, clock);
  encoding.writeVarString(inner, JSON.stringify(state));
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
  return encoding.toUint8Array(e);
}

/** A y-websocket sync message (0 step 1, 1 step 2, 2 update) around a payload. */
export function syncFrame(subtype: 0 | 1 | 2, payload: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, subtype);
  encoding.writeVarUint8Array(e, payload);
  return encoding.toUint8Array(e);
}

/**
 * An update with no structs whose delete set gives one range of `client` over and
 * over, filling about `bytes`: built by copying the range's bytes, so a megabyte of it
 * leaves no garbage behind in the process that sends it.
 */
export function repeatedRangeUpdate(
  client: number,
  range: readonly [number, number],
  bytes: number,
): Uint8Array {
  const one = encoding.createEncoder();
  encoding.writeVarUint(one, range[0]);
  encoding.writeVarUint(one, range[1]);
  const pair = encoding.toUint8Array(one);
  const count = Math.max(1, Math.floor(bytes / pair.byteLength));
  const head = encoding.createEncoder();
  encoding.writeVarUint(head, 0); // no structs
  encoding.writeVarUint(head, 1); // one client in the delete set
  encoding.writeVarUint(head, client);
  encoding.writeVarUint(head, count);
  const header = encoding.toUint8Array(head);
  const update = new Uint8Array(header.byteLength + count * pair.byteLength);
  update.set(header);
  for (let i = 0; i < count; i++) update.set(pair, header.byteLength + i * pair.byteLength);
  return update;
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
  // About 20,000 rewrites a transaction, so each update stays well under the frame limit.
  const roundsPerUpdate = Math.max(1, Math.floor(20_000 / cards));
  for (let first = 0; first < rounds; first += roundsPerUpdate) {
    doc.transact(() => {
      for (let round = first; round < Math.min(rounds, first + roundsPerUpdate); round++)
        for (const id of ids) updateCard(doc, { id, text: `card ${id} round ${round}` });
    });
  }
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
