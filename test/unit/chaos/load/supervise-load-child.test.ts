import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import type { ParentMessage } from '../../../../chaos/load/load-ipc.ts';
import type { LoadPlan, LoadResult, LoadSecond } from '../../../../chaos/load/load-types.ts';
import { superviseLoadChild, type LoadChildProcess } from '../../../../chaos/load/supervise-load-child.ts';

const PLAN: LoadPlan = {
  url: 'http://127.0.0.1:1',
  connections: 1,
  ratePerSecond: null,
  durationMs: 1000,
  timeoutMs: 100,
  isKeepAlive: true,
  requests: [{ method: 'GET', path: '/', headers: {}, body: null }],
};
const ZERO_LOST = { reset: 0, eof: 0, truncated: 0, timeout: 0 };
const LATENCY = { count: 0, p50Ms: 0, p90Ms: 0, p99Ms: 0, maxMs: 0, meanMs: 0 };
const SECOND: LoadSecond = {
  second: 0,
  sent: 0,
  served: 0,
  rejected: 0,
  lost: 0,
  servedByStatus: {},
  rejectedByReason: {},
  lostByReason: ZERO_LOST,
  latency: LATENCY,
};
const RESULT: LoadResult = {
  startedAtMs: 1,
  endedAtMs: 1001,
  counts: {
    sent: 0,
    served: 0,
    rejected: 0,
    lost: 0,
    inFlightAtStop: 0,
    servedByStatus: {},
    rejectedByReason: {},
    lostByReason: ZERO_LOST,
  },
  latency: LATENCY,
  timeline: [SECOND],
  drain: { inFlightAtEnd: 0, waitedMs: 0, served: 0, rejected: 0, lostByReason: ZERO_LOST },
};

/** A child process driven by the test: it records what it is sent and killed with. */
class FakeChild extends EventEmitter implements LoadChildProcess {
  pid: number | undefined = 4242;
  readonly stderr = new PassThrough();
  exitCode: number | null = null;
  signalCode: NodeJS.Signals | null = null;
  readonly sent: ParentMessage[] = [];
  readonly kills: NodeJS.Signals[] = [];

  send(message: ParentMessage, callback: (error: Error | null) => void): boolean {
    this.sent.push(message);
    callback(null);
    return true;
  }

  kill(signal: NodeJS.Signals): boolean {
    this.kills.push(signal);
    setImmediate(() => this.exit(null, signal));
    return true;
  }

  exit(code: number | null, signal: NodeJS.Signals | null = null): void {
    this.exitCode = code;
    this.signalCode = signal;
    this.emit('exit', code, signal);
    this.emit('close', code, signal);
  }
}

describe('superviseLoadChild', () => {
  describe('when the child runs the plan', () => {
    it('sends the plan once ready, passes the start and each second on, and resolves with the result after the exit', async () => {
      const child = new FakeChild();
      const calls: string[] = [];
      let isSettled = false;
      const running = superviseLoadChild(child, PLAN, {
        hangTimeoutMs: 5000,
        onStart: (startedAtMs) => calls.push(`start ${startedAtMs}`),
        onSecond: (second) => calls.push(`second ${second.second}`),
      });
      void running.then(() => (isSettled = true));
      child.emit('message', { type: 'ready' });
      assert.deepEqual(child.sent, [{ type: 'start', plan: PLAN }]);
      child.emit('message', { type: 'started', startedAtMs: 1 });
      child.emit('message', { type: 'second', second: SECOND });
      child.emit('message', { type: 'result', result: RESULT });
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(isSettled, false, 'not settled before the child exits');
      child.exit(0);
      assert.deepEqual(await running, RESULT);
      assert.deepEqual(calls, ['start 1', 'second 0']);
      assert.deepEqual(child.kills, []);
    });
  });

  describe('when the child reports a failure', () => {
    it('kills it and rejects with ERR_LOAD_CHILD_FAILED and its message', async () => {
      const child = new FakeChild();
      const running = superviseLoadChild(child, PLAN, { hangTimeoutMs: 5000 });
      child.emit('message', { type: 'failed', message: 'autocannon broke' });
      await assert.rejects(running, { code: 'ERR_LOAD_CHILD_FAILED', message: 'the load driver child failed: autocannon broke' });
      assert.deepEqual(child.kills, ['SIGKILL']);
    });
  });

  describe('when the child exits without a result', () => {
    it('rejects with ERR_LOAD_CHILD_EXITED quoting the end of its stderr', async () => {
      const child = new FakeChild();
      const running = superviseLoadChild(child, PLAN, { hangTimeoutMs: 5000 });
      child.stderr.write('TypeError: nope\n');
      await new Promise((resolve) => setImmediate(resolve));
      child.exit(1);
      await assert.rejects(running, {
        code: 'ERR_LOAD_CHILD_EXITED',
        message: 'the load driver child exited (code 1) before it reported a result; its stderr ended with:\nTypeError: nope',
      });
    });

    it('names the signal when it was killed', async () => {
      const child = new FakeChild();
      const running = superviseLoadChild(child, PLAN, { hangTimeoutMs: 5000 });
      child.exit(null, 'SIGSEGV');
      await assert.rejects(running, { message: 'the load driver child exited (signal SIGSEGV) before it reported a result' });
    });
  });

  describe('when the caller aborts', () => {
    it('kills the child and rejects with the abort reason once it has exited', async () => {
      const child = new FakeChild();
      const controller = new AbortController();
      const running = superviseLoadChild(child, PLAN, { hangTimeoutMs: 5000, signal: controller.signal });
      const reason = new Error('enough');
      controller.abort(reason);
      await assert.rejects(running, (error) => error === reason);
      assert.deepEqual(child.kills, ['SIGKILL']);
    });

    it('kills at once when the signal was already aborted', async () => {
      const child = new FakeChild();
      const running = superviseLoadChild(child, PLAN, { hangTimeoutMs: 5000, signal: AbortSignal.abort() });
      await assert.rejects(running, { name: 'AbortError' });
      assert.deepEqual(child.kills, ['SIGKILL']);
    });
  });

  describe('when onSecond throws', () => {
    it('kills the child and rejects with that error', async () => {
      const child = new FakeChild();
      const thrown = new Error('progress display broke');
      const running = superviseLoadChild(child, PLAN, {
        hangTimeoutMs: 5000,
        onSecond: () => {
          throw thrown;
        },
      });
      child.emit('message', { type: 'second', second: SECOND });
      await assert.rejects(running, (error) => error === thrown);
      assert.deepEqual(child.kills, ['SIGKILL']);
    });
  });

  describe('when the child sends something off-protocol', () => {
    it('kills it and rejects with ERR_LOAD_CHILD_FAILED', async () => {
      const child = new FakeChild();
      const running = superviseLoadChild(child, PLAN, { hangTimeoutMs: 5000 });
      child.emit('message', { type: 'hello' });
      await assert.rejects(running, {
        code: 'ERR_LOAD_CHILD_FAILED',
        message: 'the load driver child failed: unexpected message {"type":"hello"}',
      });
    });
  });

  describe('when the child cannot be spawned', () => {
    it('rejects with ERR_LOAD_CHILD_FAILED without waiting for a close that never comes', async () => {
      const child = new FakeChild();
      child.pid = undefined;
      const running = superviseLoadChild(child, PLAN, { hangTimeoutMs: 5000 });
      child.emit('error', new Error('spawn ENOENT'));
      await assert.rejects(running, { code: 'ERR_LOAD_CHILD_FAILED', message: 'the load driver child failed: spawn ENOENT' });
    });
  });

  describe('when the child hangs', () => {
    it('kills it after hangTimeoutMs and rejects with ERR_LOAD_CHILD_HUNG', async () => {
      const child = new FakeChild();
      const running = superviseLoadChild(child, PLAN, { hangTimeoutMs: 20 });
      await assert.rejects(running, {
        code: 'ERR_LOAD_CHILD_HUNG',
        message: 'the load driver child was still running 20 ms after it started, for a 1000 ms run; it was killed',
      });
      assert.deepEqual(child.kills, ['SIGKILL']);
    });
  });
});
