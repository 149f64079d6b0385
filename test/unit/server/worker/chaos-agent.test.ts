import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { seededRandom } from '../../../../faults/index.ts';
import type { ChaosMessage } from '../../../../server/ipc/protocol.ts';
import { ChaosAgent, LEAK_STEP_MS, type AgentProcess } from '../../../../server/worker/chaos-agent.ts';

/**
 * How late a real timer may fire, or a callback run, past the moment asked for: event-loop stalls of
 * the mocha process (a GC pause, being descheduled) on a loaded 2-core machine. As LAG_SLACK_MS in
 * test/helpers/test-server.ts, which this unit test does not import (it would load the whole server).
 */
const LAG_SLACK_MS = 2_000;

/** The agent's process: a clock the test sets, and a record of exit and abort calls. */
class FakeProcess implements AgentProcess {
  nowMs = 10_000;
  readonly exits: number[] = [];
  aborts = 0;

  exit(code: number): void {
    this.exits.push(code);
  }

  abort(): void {
    this.aborts++;
  }

  now(): number {
    return this.nowMs;
  }
}

/** What the agent does with a request: whether it resumed it, answered it, or handed it on. */
interface Exchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly resumed: () => number;
  readonly answer: () => { status: number; headers: Record<string, string>; body: string } | null;
  readonly passedOn: () => number;
  readonly next: () => void;
}

function exchange(): Exchange {
  let resumed = 0;
  let passedOn = 0;
  let status: number | null = null;
  let headers: Record<string, string> = {};
  let body: string | null = null;
  const req = {
    resume() {
      resumed++;
      return this;
    },
  };
  const res = {
    writeHead(code: number, fields: Record<string, string>) {
      status = code;
      headers = fields;
      return this;
    },
    end(text: string) {
      body = text;
      return this;
    },
  };
  return {
    req: req as unknown as IncomingMessage,
    res: res as unknown as ServerResponse,
    resumed: () => resumed,
    answer: () => (status === null || body === null ? null : { status, headers, body }),
    passedOn: () => passedOn,
    next: () => {
      passedOn++;
    },
  };
}

/** Sends one request through the agent. */
function send(agent: ChaosAgent): Exchange {
  const sent = exchange();
  agent.handle(sent.req, sent.res, sent.next);
  return sent;
}

function chaos<K extends ChaosMessage['kind']>(
  kind: K,
  params: Extract<ChaosMessage, { kind: K }>['params'],
  durationMs: number | null = null,
  seed = 0,
): ChaosMessage {
  return { type: 'chaos', faultId: 1, kind, params, durationMs, seed } as ChaosMessage;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitUntil(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what} did not hold within ${timeoutMs} ms`);
    await sleep(5);
  }
}

describe('ChaosAgent', () => {
  let clock: FakeProcess;
  let agent: ChaosAgent;
  beforeEach(() => {
    clock = new FakeProcess();
    agent = new ChaosAgent(clock);
  });

  describe('with no fault', () => {
    it('hands every request to the app at once', () => {
      const sent = [send(agent), send(agent), send(agent)];
      assert.deepEqual(
        sent.map((s) => [s.passedOn(), s.resumed(), s.answer()]),
        [
          [1, 0, null],
          [1, 0, null],
          [1, 0, null],
        ],
      );
      assert.equal(agent.heldRequests, 0);
      assert.equal(agent.isIgnoringShutdown, false);
      assert.equal(agent.leakedBytes, 0);
    });
  });

  describe('deadlock', () => {
    it('holds requests that arrive during the window and passes later ones through', () => {
      agent.apply(chaos('deadlock', {}, 1_000));
      const during = [send(agent)];
      clock.nowMs += 999;
      during.push(send(agent));
      clock.nowMs += 1;
      const after = send(agent);

      for (const held of during) {
        assert.equal(held.passedOn(), 0, 'a held request never reaches the app');
        assert.equal(held.answer(), null, 'a held request is never answered');
        assert.equal(held.resumed(), 1, 'its body is read, so the connection stays readable');
      }
      assert.equal(agent.heldRequests, 2);
      assert.deepEqual([after.passedOn(), after.resumed(), after.answer()], [1, 0, null]);
    });

    it('keeps the held requests unanswered after the window ends', async () => {
      agent.apply(chaos('deadlock', {}, 50));
      const held = send(agent);
      clock.nowMs += 50;
      await sleep(20);
      assert.deepEqual([held.passedOn(), held.answer(), agent.heldRequests], [0, null, 1]);
    });

    it('without a duration holds every request from then on', () => {
      send(agent);
      agent.apply(chaos('deadlock', {}, null));
      clock.nowMs += 24 * 3600 * 1000;
      const held = [send(agent), send(agent)];
      assert.deepEqual(
        held.map((h) => h.passedOn()),
        [0, 0],
      );
      assert.equal(agent.heldRequests, 2);
    });

    it('takes precedence over error-responses', () => {
      agent.apply(chaos('error-responses', { share: 1, status: 500 }));
      agent.apply(chaos('deadlock', {}, 100));
      const held = send(agent);
      assert.deepEqual([held.answer(), held.passedOn(), agent.heldRequests], [null, 0, 1]);
    });
  });

  describe('error-responses', () => {
    it('with share 1 answers every request with the status and the fault header, without the app', () => {
      agent.apply(chaos('error-responses', { share: 1, status: 503 }));
      const sent = Array.from({ length: 20 }, () => send(agent));
      for (const s of sent) {
        assert.deepEqual(s.answer(), {
          status: 503,
          headers: { 'content-type': 'text/plain', 'x-poolchaos-fault': 'error-responses' },
          body: 'fault: error-responses (503)\n',
        });
        assert.equal(s.passedOn(), 0);
        assert.equal(s.resumed(), 1, 'the request body is drained');
      }
    });

    it('with share 0 never answers', () => {
      agent.apply(chaos('error-responses', { share: 0, status: 500 }));
      const sent = Array.from({ length: 200 }, () => send(agent));
      assert.equal(sent.filter((s) => s.answer() !== null).length, 0);
      assert.equal(sent.filter((s) => s.passedOn() === 1).length, 200);
    });

    it('with share 0.5 hits exactly the requests its seed picks', () => {
      const seed = 1234;
      agent.apply(chaos('error-responses', { share: 0.5, status: 500 }, null, seed));
      const sent = Array.from({ length: 100 }, () => send(agent));
      const random = seededRandom(seed);
      const expected = Array.from({ length: 100 }, () => random() < 0.5);
      assert.deepEqual(
        sent.map((s) => s.answer() !== null),
        expected,
      );
      const hits = expected.filter(Boolean).length;
      assert.ok(hits > 30 && hits < 70, `${hits} of 100 hit`);
      assert.equal(sent.filter((s) => s.passedOn() === 1).length, 100 - hits);
    });

    it('stops at the end of its duration', () => {
      agent.apply(chaos('error-responses', { share: 1, status: 500 }, 200));
      clock.nowMs += 199;
      const during = send(agent);
      clock.nowMs += 1;
      const after = send(agent);
      assert.equal(during.answer()?.status, 500);
      assert.deepEqual([after.answer(), after.passedOn()], [null, 1]);
    });
  });

  describe('slow-responses', () => {
    it('hands the request to the app only after delayMs', async () => {
      const delayMs = 80;
      agent.apply(chaos('slow-responses', { delayMs, share: 1 }));
      const startedAt = performance.now();
      let passedAt = 0;
      const sent = exchange();
      agent.handle(sent.req, sent.res, () => {
        passedAt = performance.now();
        sent.next();
      });
      assert.equal(sent.passedOn(), 0, 'not handed on synchronously');
      await waitUntil(() => sent.passedOn() === 1, delayMs + LAG_SLACK_MS, 'the delayed request handed on');
      const waitedMs = passedAt - startedAt;
      assert.ok(waitedMs >= delayMs - 1 && waitedMs < delayMs + LAG_SLACK_MS, `handed on after ${waitedMs} ms`);
      assert.equal(sent.answer(), null, 'the app answers, not the agent');
    });

    it('with share 0 hands every request on at once', () => {
      agent.apply(chaos('slow-responses', { delayMs: 10_000, share: 0 }));
      const sent = Array.from({ length: 50 }, () => send(agent));
      assert.equal(sent.filter((s) => s.passedOn() === 1).length, 50);
    });

    it('stops delaying at the end of its duration', () => {
      agent.apply(chaos('slow-responses', { delayMs: 10_000, share: 1 }, 100));
      clock.nowMs += 100;
      assert.equal(send(agent).passedOn(), 1);
    });
  });

  describe('ignore-shutdown', () => {
    it('sets the flag the worker checks on drain and SIGTERM, and only that fault does', () => {
      agent.apply(chaos('deadlock', {}, 10));
      agent.apply(chaos('error-responses', { share: 0, status: 500 }));
      assert.equal(agent.isIgnoringShutdown, false);
      agent.apply(chaos('ignore-shutdown', {}));
      assert.equal(agent.isIgnoringShutdown, true);
      assert.equal(send(agent).passedOn(), 0, 'the deadlock is still active (requests are still handled by the faults)');
    });
  });

  describe('crash', () => {
    it('with method exit calls exit with the exit code', () => {
      agent.apply(chaos('crash', { method: 'exit', signal: 'SIGKILL', exitCode: 3 }));
      assert.deepEqual(clock.exits, [3]);
      assert.equal(clock.aborts, 0);
    });

    it('with method abort calls abort', () => {
      agent.apply(chaos('crash', { method: 'abort', signal: 'SIGKILL', exitCode: 1 }));
      assert.equal(clock.aborts, 1);
      assert.deepEqual(clock.exits, []);
    });

    it('with method signal does nothing (the supervisor sends signals)', async () => {
      agent.apply(chaos('crash', { method: 'signal', signal: 'SIGKILL', exitCode: 1 }));
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual([clock.exits, clock.aborts], [[], 0]);
    });

    it('with method uncaught throws an uncaught exception on the next turn of the event loop', async () => {
      // Mocha's own handler would fail the test on this exception: set it aside while it is caught here.
      const mochaHandlers = process.listeners('uncaughtException');
      process.removeAllListeners('uncaughtException');
      try {
        const caught = new Promise<Error>((resolve) => process.once('uncaughtException', resolve));
        agent.apply(chaos('crash', { method: 'uncaught', signal: 'SIGKILL', exitCode: 1 }));
        const error = await Promise.race([caught, sleep(2_000).then(() => null)]);
        assert.ok(error instanceof Error, 'no uncaught exception within 2 s');
        assert.equal(error.message, 'poolchaos fault: uncaught exception in the worker');
        assert.deepEqual([clock.exits, clock.aborts], [[], 0]);
      } finally {
        process.removeAllListeners('uncaughtException');
        for (const handler of mochaHandlers) process.on('uncaughtException', handler);
      }
    });
  });

  describe('busy-loop', () => {
    it('returns at once, then blocks the event loop for durationMs', async () => {
      // The spin reads the agent's clock, so this agent runs on the real one.
      const busy = new ChaosAgent({ exit: () => {}, abort: () => {}, now: () => Date.now() });
      const durationMs = 150;
      const startedAt = performance.now();
      busy.apply(chaos('busy-loop', {}, durationMs));
      const applyMs = performance.now() - startedAt;
      await sleep(5);
      const blockedMs = performance.now() - startedAt;
      // A spin inside apply would make it take at least durationMs.
      assert.ok(applyMs < durationMs, `apply took ${applyMs} ms (the loop must start after the IPC handler returns)`);
      assert.ok(blockedMs >= durationMs - 1 && blockedMs < durationMs + LAG_SLACK_MS, `a 5 ms timer fired after ${blockedMs} ms`);
    });
  });

  describe('leak', () => {
    it('retains rate × step bytes every step up to the cap, and no more', async () => {
      // 1000 B/s in steps of 100 ms: 100 bytes a step; the cap of 250 cuts the third step to 50.
      agent.apply(chaos('leak', { rateBytesPerSecond: 1_000, capBytes: 250 }));
      assert.equal(agent.leakedBytes, 0);
      await waitUntil(() => agent.leakedBytes > 0, 2_000, 'a first step');
      assert.equal(agent.leakedBytes, 100);
      await waitUntil(() => agent.leakedBytes > 100, 2_000, 'a second step');
      assert.equal(agent.leakedBytes, 200);
      await waitUntil(() => agent.leakedBytes > 200, 2_000, 'a third step');
      assert.equal(agent.leakedBytes, 250);
      await sleep(LEAK_STEP_MS * 3);
      assert.equal(agent.leakedBytes, 250);
    });

    it('stops growing at the end of its duration', async () => {
      agent.apply(chaos('leak', { rateBytesPerSecond: 1_000, capBytes: 10_000 }, 5_000));
      await waitUntil(() => agent.leakedBytes > 0, 2_000, 'a first step');
      // Same turn of the event loop as the check above: no step can run in between.
      clock.nowMs += 5_000;
      const leakedAtEnd = agent.leakedBytes;
      await sleep(LEAK_STEP_MS * 3);
      assert.equal(leakedAtEnd, 100);
      assert.equal(agent.leakedBytes, 100);
    });

    it('retains at least one byte a step for a tiny rate', async () => {
      agent.apply(chaos('leak', { rateBytesPerSecond: 1, capBytes: 2 }));
      await waitUntil(() => agent.leakedBytes === 2, 2_000, 'two one-byte steps');
      await sleep(LEAK_STEP_MS * 2);
      assert.equal(agent.leakedBytes, 2);
    });
  });
});
