/**
 * Preloaded into the workshop proof's server (NODE_OPTIONS=--require, where --cpu-prof is not
 * allowed): records a V8 CPU profile from start to exit and writes it to
 * $JB_WORKSHOP_CPU_PROF/server.cpuprofile, for Chrome DevTools or speedscope.
 */
const { Session } = require('node:inspector');
const { mkdirSync, writeFileSync } = require('node:fs');
const path = require('node:path');

const dir = process.env.JB_WORKSHOP_CPU_PROF;
if (dir) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 500 });
  session.post('Profiler.start');
  // An in-process session answers synchronously, so the profile is written before the process ends.
  process.on('exit', () => {
    session.post('Profiler.stop', (error, result) => {
      if (error) return;
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, `server-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
