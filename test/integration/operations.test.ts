/** Operations: /metrics moves under load; logs carry board and connection ids and never a token. */
import { addCard, readBoard } from '@journeyboard/shared';
import { describe, expect, it } from 'vitest';
import { firstCell, joinNewBoard } from '../support/boards.js';
import { openRaw, useClients, waitFor } from '../support/clients.js';
import { scrapeMetrics } from '../support/metrics.js';
import { useTestServer } from '../support/server.js';

const server = useTestServer();
const clients = useClients();

const scrape = () => scrapeMetrics(server.url);
const sum = (metrics: Map<string, number>, prefix: string) =>
  Array.from(metrics).reduce((total, [key, value]) => (key.startsWith(prefix) ? total + value : total), 0);

describe('operations', () => {
  it('/metrics counts rooms, connections, messages, bytes, persistence and errors as they happen', async () => {
    const before = await scrape();
    const [board, alice, bob] = await joinNewBoard(server, clients, ['editor', 'editor']);
    const cell = firstCell(alice.doc);
    for (let i = 0; i < 25; i++) addCard(alice.doc, { ...cell, text: `${i}` });
    await waitFor(() => readBoard(bob.doc).cards.length === 25);
    const hostile = openRaw(server.wsUrl, board.id, board.tokens.editor);
    await hostile.opened;
    hostile.send(new Uint8Array([99]));
    await hostile.closed;

    const after = await scrape();
    expect(after.get('journeyboard_rooms')).toBeGreaterThanOrEqual(1);
    expect(after.get('journeyboard_connections{role="editor"}')).toBe(2);
    expect(
      sum(after, 'journeyboard_messages_received_total') -
        sum(before, 'journeyboard_messages_received_total'),
    ).toBeGreaterThanOrEqual(25);
    expect(
      after.get('journeyboard_messages_sent_total')! - (before.get('journeyboard_messages_sent_total') ?? 0),
    ).toBeGreaterThan(0);
    expect(
      after.get('journeyboard_bytes_received_total')! -
        (before.get('journeyboard_bytes_received_total') ?? 0),
    ).toBeGreaterThan(1000);
    expect(
      after.get('journeyboard_persist_seconds_count')! -
        (before.get('journeyboard_persist_seconds_count') ?? 0),
    ).toBeGreaterThan(0);
    expect(after.get('journeyboard_errors_total{kind="malformed"}')).toBe(1);
  });

  it('logs are JSON with board and connection ids, and carry no token', async () => {
    const [board] = await joinNewBoard(server, clients, ['owner']);
    await waitFor(() => server.logs.some((l) => l.msg === 'connected' && l.boardId === board.id));
    const connected = server.logs.find((l) => l.msg === 'connected' && l.boardId === board.id)!;
    expect(connected).toMatchObject({ boardId: board.id, role: 'owner', level: 30 });
    expect(typeof connected.connectionId).toBe('string');
    const everything = JSON.stringify(server.logs);
    for (const token of Object.values(board.tokens)) expect(everything).not.toContain(token);
  });

  it('/healthz answers', async () => {
    expect(await (await fetch(`${server.url}/healthz`)).json()).toMatchObject({ status: 'ok' });
  });
});
