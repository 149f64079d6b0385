import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { parseConfig } from '../../../../server/config/load-config.ts';
import type { PoolSettings } from '../../../../server/config/settings.ts';
import { assessWorker, type WorkerHealthFacts } from '../../../../server/supervisor/health-policy.ts';

const HANDLERS = fileURLToPath(new URL('../../../fixtures/configs/handlers/', import.meta.url));

const STARTUP_LIMIT_MS = 2000;
const SHUTDOWN_LIMIT_MS = 3000;
const PING_INTERVAL_MS = 1000;
const PING_RESPONSE_MS = 500;
const DEADLOCK_MS = 4000;

/** A full pool `p` from the config parser, with short limits and the given processModel and pool overrides. */
function poolSettings(processModel: Record<string, unknown> = {}, pool: Record<string, unknown> = {}): PoolSettings {
  const raw = {
    pools: {
      p: {
        processModel: {
          pingInterval: PING_INTERVAL_MS,
          pingResponseTime: PING_RESPONSE_MS,
          startupTimeLimit: STARTUP_LIMIT_MS,
          shutdownTimeLimit: SHUTDOWN_LIMIT_MS,
          ...processModel,
        },
        responseDeadlockInterval: DEADLOCK_MS,
        ...pool,
      },
    },
    apps: [{ path: '/', pool: 'p', module: 'hello.ts' }],
  };
  return parseConfig(raw, { file: null, baseDir: HANDLERS }).pools['p']!;
}

/** A ready, idle worker pinged at 10_000 and answered. */
function facts(overrides: Partial<WorkerHealthFacts> = {}): WorkerHealthFacts {
  return {
    state: 'ready',
    startedAtMs: 0,
    pingSentAtMs: null,
    lastPingAtMs: 10_000,
    outstandingRequests: 0,
    lastProgressAtMs: 10_000,
    drainStartedAtMs: null,
    ...overrides,
  };
}

describe('assessWorker', () => {
  const settings = poolSettings();

  describe('settings fixture', () => {
    it('carries the short limits the cases below rely on', () => {
      assert.deepEqual(
        [
          settings.processModel.pingingEnabled,
          settings.processModel.pingIntervalMs,
          settings.processModel.pingResponseTimeMs,
          settings.processModel.startupTimeLimitMs,
          settings.processModel.shutdownTimeLimitMs,
          settings.responseDeadlockIntervalMs,
        ],
        [true, 1000, 500, 2000, 3000, 4000],
      );
    });
  });

  describe('when the worker is starting', () => {
    const starting = facts({ state: 'starting', startedAtMs: 10_000, lastPingAtMs: null });

    it('is healthy 1 ms before startupTimeLimit (and is not pinged)', () => {
      assert.deepEqual(assessWorker(starting, settings, 10_000 + STARTUP_LIMIT_MS - 1), { kind: 'healthy' });
    });

    it('times out at exactly startupTimeLimit', () => {
      assert.deepEqual(assessWorker(starting, settings, 10_000 + STARTUP_LIMIT_MS), {
        kind: 'startup_timeout',
        waitedMs: 2000,
      });
    });

    it('reports how long it waited past the limit', () => {
      assert.deepEqual(assessWorker(starting, settings, 10_000 + 7500), { kind: 'startup_timeout', waitedMs: 7500 });
    });

    it('ignores ping and deadlock facts while starting', () => {
      const stuck = facts({
        state: 'starting',
        startedAtMs: 10_000,
        pingSentAtMs: 0,
        outstandingRequests: 5,
        lastProgressAtMs: 0,
      });
      assert.deepEqual(assessWorker(stuck, settings, 11_000), { kind: 'healthy' });
    });
  });

  describe('when the worker is unresponsive or orphaned', () => {
    for (const state of ['unresponsive', 'orphaned'] as const) {
      it(`is left alone when ${state}, whatever its ping and deadlock facts`, () => {
        const worker = facts({ state, pingSentAtMs: 0, lastPingAtMs: 0, outstandingRequests: 1, lastProgressAtMs: 0 });
        assert.deepEqual(assessWorker(worker, settings, 1_000_000), { kind: 'healthy' });
      });
    }
  });

  describe('when the worker is draining', () => {
    const draining = facts({ state: 'draining', drainStartedAtMs: 10_000, lastPingAtMs: 10_000 });

    it('is healthy 1 ms before shutdownTimeLimit', () => {
      const pinged = { ...draining, lastPingAtMs: 12_500 };
      assert.deepEqual(assessWorker(pinged, settings, 10_000 + SHUTDOWN_LIMIT_MS - 1), { kind: 'healthy' });
    });

    it('sends a due ping before shutdownTimeLimit', () => {
      assert.deepEqual(assessWorker(draining, settings, 10_000 + SHUTDOWN_LIMIT_MS - 1), { kind: 'send-ping' });
    });

    it('times out at exactly shutdownTimeLimit', () => {
      assert.deepEqual(assessWorker(draining, settings, 10_000 + SHUTDOWN_LIMIT_MS), {
        kind: 'shutdown_timeout',
        waitedMs: 3000,
      });
    });

    it('reports shutdown_timeout before ping_timeout and deadlock when all are due', () => {
      const frozen = { ...draining, pingSentAtMs: 10_000, outstandingRequests: 2, lastProgressAtMs: 0 };
      assert.deepEqual(assessWorker(frozen, settings, 13_000), { kind: 'shutdown_timeout', waitedMs: 3000 });
    });

    it('is still pinged, and times out on a ping before the shutdown limit', () => {
      const frozen = { ...draining, pingSentAtMs: 10_100 };
      assert.deepEqual(assessWorker(frozen, settings, 10_600), { kind: 'ping_timeout', waitedMs: 500 });
    });
  });

  describe('when a ping is outstanding', () => {
    const pinged = facts({ pingSentAtMs: 10_000 });

    it('is healthy 1 ms before pingResponseTime and sends no second ping', () => {
      assert.deepEqual(assessWorker(pinged, settings, 10_000 + PING_RESPONSE_MS - 1), { kind: 'healthy' });
    });

    it('times out at exactly pingResponseTime', () => {
      assert.deepEqual(assessWorker(pinged, settings, 10_000 + PING_RESPONSE_MS), { kind: 'ping_timeout', waitedMs: 500 });
    });

    it('does not send a new ping while one is outstanding, even after pingInterval', () => {
      const slowToAnswer = poolSettings({ pingResponseTime: 5000 });
      assert.deepEqual(assessWorker(pinged, slowToAnswer, 10_000 + PING_INTERVAL_MS * 3), { kind: 'healthy' });
    });

    it('reports ping_timeout before deadlock when both are due', () => {
      const both = facts({ pingSentAtMs: 10_000, outstandingRequests: 1, lastProgressAtMs: 6_000 });
      assert.deepEqual(assessWorker(both, settings, 10_500), { kind: 'ping_timeout', waitedMs: 500 });
    });
  });

  describe('when requests are outstanding without progress', () => {
    it('is healthy 1 ms before responseDeadlockInterval', () => {
      const busy = facts({ outstandingRequests: 1, lastProgressAtMs: 10_000, lastPingAtMs: 13_500 });
      assert.deepEqual(assessWorker(busy, settings, 10_000 + DEADLOCK_MS - 1), { kind: 'healthy' });
    });

    it('reports a deadlock at exactly responseDeadlockInterval', () => {
      const busy = facts({ outstandingRequests: 1, lastProgressAtMs: 10_000, lastPingAtMs: 13_500 });
      assert.deepEqual(assessWorker(busy, settings, 10_000 + DEADLOCK_MS), { kind: 'deadlock', waitedMs: 4000 });
    });

    it('reports a deadlock before a due ping', () => {
      const busy = facts({ outstandingRequests: 3, lastProgressAtMs: 0, lastPingAtMs: null });
      assert.deepEqual(assessWorker(busy, settings, 20_000), { kind: 'deadlock', waitedMs: 20_000 });
    });

    it('reports no deadlock for an idle worker however long since its last progress', () => {
      const idle = facts({ outstandingRequests: 0, lastProgressAtMs: 0, lastPingAtMs: 99_500 });
      assert.deepEqual(assessWorker(idle, settings, 100_000), { kind: 'healthy' });
    });

    it('reports no deadlock when responseDeadlockInterval is 0', () => {
      const off = poolSettings({}, { responseDeadlockInterval: 0 });
      const busy = facts({ outstandingRequests: 1, lastProgressAtMs: 0, lastPingAtMs: 99_500 });
      assert.equal(off.responseDeadlockIntervalMs, 0);
      assert.deepEqual(assessWorker(busy, off, 100_000), { kind: 'healthy' });
    });

    it('still reports a deadlock when pinging is disabled', () => {
      const noPings = poolSettings({ pingingEnabled: false });
      const busy = facts({ outstandingRequests: 1, lastProgressAtMs: 0 });
      assert.deepEqual(assessWorker(busy, noPings, 4000), { kind: 'deadlock', waitedMs: 4000 });
    });
  });

  describe('when a ping may be due', () => {
    it('sends the first ping at once when none was ever sent', () => {
      assert.deepEqual(assessWorker(facts({ lastPingAtMs: null }), settings, 10_000), { kind: 'send-ping' });
    });

    it('sends a ping at exactly pingInterval after the last one', () => {
      assert.deepEqual(assessWorker(facts(), settings, 10_000 + PING_INTERVAL_MS), { kind: 'send-ping' });
    });

    it('is healthy 1 ms before pingInterval', () => {
      assert.deepEqual(assessWorker(facts(), settings, 10_000 + PING_INTERVAL_MS - 1), { kind: 'healthy' });
    });
  });

  describe('when pinging is disabled', () => {
    const noPings = poolSettings({ pingingEnabled: false });

    it('never sends a ping', () => {
      assert.deepEqual(assessWorker(facts({ lastPingAtMs: null }), noPings, 1_000_000), { kind: 'healthy' });
    });

    it('never reports ping_timeout for a ping left unanswered', () => {
      assert.deepEqual(assessWorker(facts({ pingSentAtMs: 0 }), noPings, 1_000_000), { kind: 'healthy' });
    });

    it('still enforces startupTimeLimit and shutdownTimeLimit', () => {
      assert.deepEqual(assessWorker(facts({ state: 'starting', startedAtMs: 0 }), noPings, 2000), {
        kind: 'startup_timeout',
        waitedMs: 2000,
      });
      assert.deepEqual(assessWorker(facts({ state: 'draining', drainStartedAtMs: 0 }), noPings, 3000), {
        kind: 'shutdown_timeout',
        waitedMs: 3000,
      });
    });
  });
});
