// Preloaded into a benchmarked server: on SIGUSR2 it collects garbage and prints its
// memory, so both servers are measured the same way (heap after GC, not noisy RSS).
process.on('SIGUSR2', () => {
  global.gc?.();
  global.gc?.();
  process.stdout.write(`MEMORY ${JSON.stringify(process.memoryUsage())}\n`);
});
