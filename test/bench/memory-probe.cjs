// Preloaded into a benchmarked server: on SIGUSR2 it collects garbage and prints its
// memory, so both servers are measured the same way (heap after GC, not noisy RSS).
// With MEMORY_SNAPSHOT_DIR set it also writes a heap snapshot there each time, for
// bench/heap-diff.ts to say what the heap holds per connection.
let snapshots = 0;
process.on('SIGUSR2', () => {
  global.gc?.();
  global.gc?.();
  const dir = process.env.MEMORY_SNAPSHOT_DIR;
  if (dir)
    require('node:v8').writeHeapSnapshot(
      require('node:path').join(dir, `${process.pid}-${++snapshots}.heapsnapshot`),
    );
  process.stdout.write(`MEMORY ${JSON.stringify(process.memoryUsage())}\n`);
});
