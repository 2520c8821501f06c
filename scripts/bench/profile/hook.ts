/**
 * Loaded into a process with `--require` (profile/run.ts does so through NODE_OPTIONS): the first
 * SIGUSR2 starts V8's CPU profiler, the second stops it and writes the profile to
 * `$ACCORD_PROFILE_DIR/<pid>-<n>.cpuprofile`. Unlike `--cpu-prof`, the profile then holds one load
 * only, not the process's start-up and the other loads.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';

const dir = process.env.ACCORD_PROFILE_DIR ?? '.';
const session = new Session();
session.connect();
let running = false;
let taken = 0;

const post = (method: string, params?: object) =>
  new Promise<unknown>((resolve, reject) =>
    session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))),
  );

process.on('SIGUSR2', () => {
  if (!running) {
    running = true;
    void post('Profiler.enable')
      .then(() => post('Profiler.setSamplingInterval', { interval: 500 }))
      .then(() => post('Profiler.start'));
    return;
  }
  running = false;
  void post('Profiler.stop').then((result) => {
    const file = join(dir, `${process.pid}-${++taken}.cpuprofile`);
    writeFileSync(file, JSON.stringify((result as { profile: unknown }).profile));
  });
});
