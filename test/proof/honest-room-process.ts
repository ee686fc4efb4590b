/**
 * An honest room and a /healthz watchdog in a process of their own, driven over IPC
 * by AttackWatch (attacks.ts): an attack's own work (building frames, opening
 * sockets) then cannot pass for the server's stall in what they measure.
 *
 *   → { type: 'open', url, wsUrl, everyMs } ← { type: 'ready' }
 *   → { type: 'window' }  (starts a new measuring window)
 *   → { type: 'report' }                     ← { type: 'report', trips: number[], lost, healthzMaxMs }
 *   → { type: 'close' }                      ← { type: 'closed', live: boolean }, then the watch kills it
 */
import { HealthWatchdog, HonestRoom } from './fuzz-watch.js';

type Command =
  | { type: 'open'; url: string; wsUrl: string; everyMs: number }
  | { type: 'window' }
  | { type: 'report' }
  | { type: 'close' };

let room: HonestRoom | null = null;
let health: HealthWatchdog | null = null;
const send = (message: unknown) => process.send?.(message);

process.on('message', async (command: Command) => {
  switch (command.type) {
    case 'open':
      room = await HonestRoom.open(command.url, command.wsUrl);
      health = new HealthWatchdog(command.url, 5000, 50);
      health.start();
      room.start(command.everyMs);
      room.phase = 'during';
      health.phase = 'during';
      send({ type: 'ready' });
      return;
    case 'window':
      if (room && health) {
        room.roundTrips.during.length = 0;
        room.lost = 0;
        health.maxMsByPhase.during = 0;
      }
      return;
    case 'report':
      send({
        type: 'report',
        trips: room?.roundTrips.during ?? [],
        lost: room?.lost ?? 0,
        healthzMaxMs: health?.maxMsByPhase.during ?? 0,
      });
      return;
    case 'close': {
      let live = false;
      if (room) {
        await room.stop().catch(() => {});
        live = room.converged() && room.disconnects === 0;
      }
      await health?.stop();
      room?.destroy();
      send({ type: 'closed', live }); // the watch ends this process once it has the answer
    }
  }
});
