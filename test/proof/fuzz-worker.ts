/**
 * One fuzzing process for `pnpm proof:fuzz`: runs test/proof/fuzz.ts's runner on
 * the options it is sent, reports progress, and on 'stop' (the server died)
 * aborts and reports what it had sent, last frames included.
 */
import { type FuzzOptions, type FuzzStats, runFuzz } from './fuzz.js';

type Command = { type: 'run'; options: Omit<FuzzOptions, 'onProgress' | 'signal'> } | { type: 'stop' };

const abort = new AbortController();
process.on('message', (command: Command) => {
  if (command.type === 'stop') {
    abort.abort();
    return;
  }
  void runFuzz({
    ...command.options,
    signal: abort.signal,
    onProgress: (stats: FuzzStats) =>
      process.send?.({ type: 'progress', framesWritten: stats.framesWritten }),
  }).then((stats) => {
    process.send?.({ type: 'done', stats }, () => process.exit(0));
  });
});
