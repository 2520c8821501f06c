import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { CpuMeter, LOAD_GENERATOR, MACHINE, withChildren } from './cpu';

/** A child that keeps one core busy until it is killed. */
function busyChild() {
  return spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
}

describe('CpuMeter', () => {
  it('charges a busy process its CPU time, and the machine at least as much', async () => {
    const busy = busyChild();
    const idle = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
    try {
      const meter = new CpuMeter({ busy: () => [busy.pid!], idle: () => [idle.pid!] });
      await new Promise((resolve) => setTimeout(resolve, 300)); // past both start-ups
      const before = meter.read();
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const spent = CpuMeter.spent(before, meter.read());
      // /proc counts in 10 ms ticks. A busy loop gets a share of a core even with the tests running
      // beside it on two cores; the idle process next to it gets none.
      expect(spent.busy).toBeGreaterThanOrEqual(150);
      expect(spent.busy).toBeLessThanOrEqual(1_100);
      expect(spent.idle).toBeLessThanOrEqual(30);
      expect(spent[MACHINE]).toBeGreaterThanOrEqual(spent.busy - 20);
      expect(spent[LOAD_GENERATOR]).toBeGreaterThanOrEqual(0);
    } finally {
      busy.kill('SIGKILL');
      idle.kill('SIGKILL');
      await Promise.all([once(busy, 'exit'), once(idle, 'exit')]);
    }
  });

  it('lists a process with its children, and counts a child that started after the first reading from zero', async () => {
    const meter = new CpuMeter({ family: () => withChildren(process.pid) });
    const before = meter.read();
    const busy = busyChild();
    try {
      await new Promise((resolve) => setTimeout(resolve, 800));
      expect(withChildren(process.pid)).toEqual(expect.arrayContaining([process.pid, busy.pid]));
      const spent = CpuMeter.spent(before, meter.read());
      expect(spent.family).toBeGreaterThanOrEqual(100);
    } finally {
      busy.kill('SIGKILL');
      await once(busy, 'exit');
    }
  });
});
