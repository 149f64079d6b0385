import assert from 'node:assert/strict';
import { cpuBetween, parseProcStat } from '../../../../bench/dispatch/process-cpu.ts';
import type { ProcessStat } from '../../../../bench/dispatch/process-cpu.ts';

describe('parseProcStat', () => {
  describe('with a plain command name', () => {
    it('reads the pid, the process group and utime + stime in seconds', () => {
      const line = '24383 (node) R 24380 24380 8266 0 -1 4194304 101 0 0 0 523 48 0 0 20 0 1 0 806222 3133440 416 18446744073709551615';
      assert.deepEqual(parseProcStat(line), { pid: 24383, processGroup: 24380, cpuSec: 5.71 });
    });
  });

  describe('with spaces and parentheses in the command name', () => {
    it('reads the fields after the last closing parenthesis', () => {
      const line = '77 (a) b (c)) S 1 70 70 0 -1 0 0 0 0 0 12 3 0 0 20 0 1 0 5 6 7 8';
      assert.deepEqual(parseProcStat(line), { pid: 77, processGroup: 70, cpuSec: 0.15 });
    });
  });

  describe('with something that is not a stat line', () => {
    it('returns null', () => {
      assert.equal(parseProcStat('garbage'), null);
    });
  });
});

describe('cpuBetween', () => {
  const stat = (pid: number, processGroup: number, cpuSec: number): [number, ProcessStat] => [pid, { pid, processGroup, cpuSec }];

  describe('with a leader, its children and a process gone or new in between', () => {
    it('sums the processes present at both readings and names them by their group leader', () => {
      const groups = new Map([
        [10, 'poolchaos-traced'],
        [20, 'otlp-sink'],
      ]);
      const before = new Map([stat(10, 10, 1.5), stat(11, 10, 0.2), stat(12, 10, 0.3), stat(20, 20, 0.01), stat(13, 10, 9)]);
      const after = new Map([stat(10, 10, 7.71), stat(11, 10, 2.03), stat(12, 10, 2.1), stat(20, 20, 0.11), stat(14, 10, 1)]);
      assert.deepEqual(cpuBetween(groups, before, after, 200_000), {
        totalSec: 9.94,
        byProcess: {
          'poolchaos-traced 10': 6.21,
          'poolchaos-traced child 11': 1.83,
          'poolchaos-traced child 12': 1.8,
          'otlp-sink 20': 0.1,
        },
        microsPerRequest: 49.7,
      });
    });
  });

  describe('with no requests', () => {
    it('leaves the per-request figure null', () => {
      assert.deepEqual(cpuBetween(new Map(), new Map([stat(1, 1, 1)]), new Map([stat(1, 1, 2)]), 0), {
        totalSec: 1,
        byProcess: { '1 1': 1 },
        microsPerRequest: null,
      });
    });
  });
});
