import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { descendantsOf, parseStat, readProcessTable, type ProcessInfo } from '../../../../../chaos/targets/process/proc-table.ts';
import { compareCensus, takeCensus, type WorkerSample } from '../../../../../chaos/targets/process/worker-census.ts';

function proc(pid: number, ppid: number, cmdline: string, state = 'S', startTicks = pid * 10): ProcessInfo {
  return { pid, ppid, state, comm: cmdline.split(' ')[0] ?? '', cmdline: cmdline.split(' '), rssBytes: pid * 1000, startTicks };
}

/** sh -c gunicorn ... → gunicorn master 11 → workers 12, 13 (13 stopped), and an unrelated 50. */
const TABLE: readonly ProcessInfo[] = [
  proc(10, 1, 'sh -c gunicorn app:app'),
  proc(11, 10, 'gunicorn: master [app:app]'),
  proc(12, 11, 'gunicorn: worker [app:app]'),
  proc(13, 11, 'gunicorn: worker [app:app]', 'T'),
  proc(14, 11, 'gunicorn: worker [app:app]', 'Z'),
  proc(15, 12, 'python -c helper'),
  proc(50, 1, 'gunicorn: master [other]'),
];

describe('parseStat', () => {
  it('reads pid, comm with spaces and parentheses, state, ppid, start time and rss in bytes', () => {
    const text = '4242 (my (odd) app) T 17 4242 17 0 -1 4194304 102 0 1 0 3 4 0 0 20 0 1 0 468160 3133440 369 18446744073709551615 1 2 3';
    assert.deepEqual(parseStat(text, 4096), {
      pid: 4242,
      ppid: 17,
      state: 'T',
      comm: 'my (odd) app',
      rssBytes: 369 * 4096,
      startTicks: 468160,
    });
  });

  it('gives null for a line that is not a stat line', () => {
    assert.equal(parseStat('garbage', 4096), null);
    assert.equal(parseStat('12 (x)', 4096), null);
  });
});

describe('readProcessTable', () => {
  it('reads every numeric entry of a proc folder and skips the rest', () => {
    const dir = mkdtempSync(join(tmpdir(), 'poolchaos-proc-'));
    try {
      mkdirSync(join(dir, '7'));
      writeFileSync(join(dir, '7', 'stat'), '7 (node) S 1 7 7 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 900 0 25 0');
      writeFileSync(join(dir, '7', 'cmdline'), 'node\0worker.js\0');
      mkdirSync(join(dir, 'self'));
      mkdirSync(join(dir, '8'));
      assert.deepEqual(readProcessTable(dir, 4096), [
        { pid: 7, ppid: 1, state: 'S', comm: 'node', rssBytes: 25 * 4096, startTicks: 900, cmdline: ['node', 'worker.js'] },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('finds this test process in the real /proc with its parent', () => {
    const me = readProcessTable().find((process) => process.pid === process.pid && process.pid === globalThis.process.pid);
    assert.equal(me?.ppid, globalThis.process.ppid);
  });
});

describe('descendantsOf', () => {
  it('lists every process below the root, parents first', () => {
    assert.deepEqual(
      descendantsOf(TABLE, 10).map((process) => process.pid),
      [11, 12, 13, 14, 15],
    );
    assert.deepEqual(descendantsOf(TABLE, 15), []);
  });
});

describe('takeCensus', () => {
  it('skips a wrapper to the shallowest matching process and takes its matching children, zombies left out', () => {
    const census = takeCensus(TABLE, 10, 'gunicorn');
    assert.equal(census.master?.pid, 11);
    assert.deepEqual(
      census.workers.map((worker) => [worker.pid, worker.state]),
      [
        [12, 'running'],
        [13, 'stopped'],
      ],
    );
  });

  it('takes the root as master without a match, and all its children as workers', () => {
    const census = takeCensus(TABLE, 11, null);
    assert.equal(census.master?.pid, 11);
    assert.deepEqual(
      census.workers.map((worker) => worker.pid),
      [12, 13],
    );
  });

  it('has no master when the root is gone or nothing matches', () => {
    assert.deepEqual(takeCensus(TABLE, 99, null), { master: null, workers: [] });
    assert.deepEqual(takeCensus(TABLE, 10, 'uwsgi'), { master: null, workers: [] });
  });
});

describe('compareCensus', () => {
  const worker = (pid: number, state: 'running' | 'stopped' = 'running', startTicks = pid): WorkerSample => ({
    pid,
    startTicks,
    state,
    rssBytes: 0,
    command: 'w',
  });

  it('reports exits, then spawns, then stops and continues, each in pid order', () => {
    const before = [worker(3), worker(1), worker(2), worker(4, 'stopped')];
    const after = [worker(2, 'stopped'), worker(4), worker(9), worker(7)];
    assert.deepEqual(
      compareCensus(before, after).map((change) => [change.type, change.worker.pid]),
      [
        ['worker-exited', 1],
        ['worker-exited', 3],
        ['worker-spawned', 7],
        ['worker-spawned', 9],
        ['worker-stopped', 2],
        ['worker-continued', 4],
      ],
    );
  });

  it('takes a reused pid with a later start time for a new worker', () => {
    assert.deepEqual(
      compareCensus([worker(5, 'running', 100)], [worker(5, 'running', 200)]).map((change) => change.type),
      ['worker-exited', 'worker-spawned'],
    );
  });

  it('reports nothing when nothing changed', () => {
    assert.deepEqual(compareCensus([worker(1), worker(2)], [worker(2), worker(1)]), []);
  });
});
