import assert from 'node:assert/strict';
import {
  FAULT_KINDS,
  FAULT_KIND_DOCS,
  FAULT_KIND_RULES,
  faultParamsSchema,
  parseFaultRequest,
  type FaultKind,
} from '../../../faults/index.ts';

const KIND_LIST =
  "kind: Invalid discriminator value. Expected 'crash' | 'freeze' | 'busy-loop' | 'deadlock' | 'leak' | 'slow-start' | " +
  "'crash-loop' | 'slow-responses' | 'ignore-shutdown' | 'error-responses'";

/** What every request gets when it names only kind and pool (plus what its kind requires). */
const BASE_DEFAULTS = { pool: 'web', worker: 'random', count: 1, durationMs: null, seed: 0 };

/** The smallest valid body of each kind, and its parse with every default filled. */
const MINIMAL: Readonly<Record<FaultKind, { readonly body: Record<string, unknown>; readonly parsed: Record<string, unknown> }>> = {
  crash: {
    body: { kind: 'crash', pool: 'web' },
    parsed: { kind: 'crash', ...BASE_DEFAULTS, params: { method: 'signal', signal: 'SIGKILL', exitCode: 1 } },
  },
  freeze: {
    body: { kind: 'freeze', pool: 'web', durationMs: 500 },
    parsed: { kind: 'freeze', ...BASE_DEFAULTS, durationMs: 500, params: {} },
  },
  'busy-loop': {
    body: { kind: 'busy-loop', pool: 'web', durationMs: 250 },
    parsed: { kind: 'busy-loop', ...BASE_DEFAULTS, durationMs: 250, params: {} },
  },
  deadlock: {
    body: { kind: 'deadlock', pool: 'web' },
    parsed: { kind: 'deadlock', ...BASE_DEFAULTS, params: {} },
  },
  leak: {
    body: { kind: 'leak', pool: 'web' },
    parsed: { kind: 'leak', ...BASE_DEFAULTS, params: { rateBytesPerSecond: 16 * 1024 * 1024, capBytes: 512 * 1024 * 1024 } },
  },
  'slow-start': {
    body: { kind: 'slow-start', pool: 'web', params: { delayMs: 2000 } },
    parsed: { kind: 'slow-start', ...BASE_DEFAULTS, params: { count: 1, delayMs: 2000 } },
  },
  'crash-loop': {
    body: { kind: 'crash-loop', pool: 'web', params: { count: 3 } },
    parsed: { kind: 'crash-loop', ...BASE_DEFAULTS, params: { count: 3, exitCode: 1 } },
  },
  'slow-responses': {
    body: { kind: 'slow-responses', pool: 'web', params: { delayMs: 300 } },
    parsed: { kind: 'slow-responses', ...BASE_DEFAULTS, params: { delayMs: 300, share: 1 } },
  },
  'ignore-shutdown': {
    body: { kind: 'ignore-shutdown', pool: 'web' },
    parsed: { kind: 'ignore-shutdown', ...BASE_DEFAULTS, params: {} },
  },
  'error-responses': {
    body: { kind: 'error-responses', pool: 'web' },
    parsed: { kind: 'error-responses', ...BASE_DEFAULTS, params: { share: 1, status: 500 } },
  },
};

function issuesOf(body: unknown): string[] {
  const result = parseFaultRequest(body);
  assert.equal(result.ok, false, `expected ${JSON.stringify(body)} to be rejected`);
  return result.ok ? [] : result.issues;
}

function requestOf(body: unknown): unknown {
  const result = parseFaultRequest(body);
  assert.ok(result.ok, `expected ${JSON.stringify(body)} to be accepted: ${result.ok ? '' : result.issues.join('; ')}`);
  return result.request;
}

describe('fault catalogue', () => {
  describe('the list of kinds', () => {
    it('is exactly these ten kinds, each with a rule and docs', () => {
      assert.deepEqual(
        [...FAULT_KINDS],
        [
          'crash',
          'freeze',
          'busy-loop',
          'deadlock',
          'leak',
          'slow-start',
          'crash-loop',
          'slow-responses',
          'ignore-shutdown',
          'error-responses',
        ],
      );
      assert.deepEqual(Object.keys(FAULT_KIND_RULES).sort(), [...FAULT_KINDS].sort());
      assert.deepEqual(Object.keys(FAULT_KIND_DOCS).sort(), [...FAULT_KINDS].sort());
      assert.deepEqual(Object.keys(MINIMAL).sort(), [...FAULT_KINDS].sort());
    });

    it('delivers each kind the documented way and needs a duration only for freeze and busy-loop', () => {
      assert.deepEqual(
        FAULT_KINDS.map((kind) => [kind, FAULT_KIND_RULES[kind].delivery, FAULT_KIND_RULES[kind].duration]),
        [
          ['crash', 'signal', 'none'],
          ['freeze', 'signal', 'required'],
          ['busy-loop', 'agent', 'required'],
          ['deadlock', 'agent', 'optional'],
          ['leak', 'agent', 'optional'],
          ['slow-start', 'startup', 'none'],
          ['crash-loop', 'startup', 'none'],
          ['slow-responses', 'agent', 'optional'],
          ['ignore-shutdown', 'agent', 'none'],
          ['error-responses', 'agent', 'optional'],
        ],
      );
    });
  });

  describe('parseFaultRequest with a valid body', () => {
    for (const kind of FAULT_KINDS) {
      it(`fills every default for ${kind}`, () => {
        assert.deepEqual(requestOf(MINIMAL[kind].body), MINIMAL[kind].parsed);
      });
    }

    it('keeps every value given instead of its default', () => {
      assert.deepEqual(
        requestOf({
          kind: 'crash',
          pool: 'api',
          worker: 'all',
          count: 3,
          seed: 0xffffffff,
          params: { method: 'exit', signal: 'SIGTERM', exitCode: 3 },
        }),
        {
          kind: 'crash',
          pool: 'api',
          worker: 'all',
          count: 3,
          durationMs: null,
          seed: 0xffffffff,
          params: { method: 'exit', signal: 'SIGTERM', exitCode: 3 },
        },
      );
      assert.deepEqual(requestOf({ kind: 'leak', pool: 'web', durationMs: 1000, params: { rateBytesPerSecond: 10, capBytes: 20 } }), {
        kind: 'leak',
        ...BASE_DEFAULTS,
        durationMs: 1000,
        params: { rateBytesPerSecond: 10, capBytes: 20 },
      });
      assert.deepEqual(requestOf({ kind: 'error-responses', pool: 'web', params: { share: 0, status: 599 } }), {
        kind: 'error-responses',
        ...BASE_DEFAULTS,
        params: { share: 0, status: 599 },
      });
    });

    it('turns a worker index into { index } and keeps { pid }', () => {
      assert.deepEqual((requestOf({ kind: 'crash', pool: 'web', worker: 0 }) as { worker: unknown }).worker, { index: 0 });
      assert.deepEqual((requestOf({ kind: 'crash', pool: 'web', worker: 4 }) as { worker: unknown }).worker, { index: 4 });
      assert.deepEqual((requestOf({ kind: 'crash', pool: 'web', worker: { pid: 42 } }) as { worker: unknown }).worker, { pid: 42 });
      for (const selector of ['random', 'oldest', 'newest', 'all']) {
        assert.equal((requestOf({ kind: 'crash', pool: 'web', worker: selector }) as { worker: unknown }).worker, selector);
      }
    });

    it('accepts an explicit null durationMs for a kind whose duration is optional', () => {
      assert.deepEqual(requestOf({ kind: 'deadlock', pool: 'web', durationMs: null }), MINIMAL.deadlock.parsed);
    });
  });

  describe('parseFaultRequest with an invalid body', () => {
    it('rejects an unknown or missing kind with the list of kinds', () => {
      assert.deepEqual(issuesOf({ kind: 'nope', pool: 'web' }), [KIND_LIST]);
      assert.deepEqual(issuesOf({ pool: 'web' }), [KIND_LIST]);
    });

    it('rejects a body that is not an object', () => {
      assert.deepEqual(issuesOf(null), ['(body): Invalid input: expected object, received null']);
      assert.deepEqual(issuesOf('crash'), ['(body): Invalid input: expected object, received string']);
    });

    it('rejects an unknown param, and an unknown top-level key', () => {
      assert.deepEqual(issuesOf({ kind: 'crash', pool: 'web', params: { bogus: 1 } }), ['params: Unrecognized key: "bogus"']);
      assert.deepEqual(issuesOf({ kind: 'crash', pool: 'web', bogus: 1 }), ['(body): Unrecognized key: "bogus"']);
    });

    for (const kind of ['freeze', 'busy-loop'] as const) {
      it(`rejects ${kind} without durationMs`, () => {
        assert.deepEqual(issuesOf({ kind, pool: 'web' }), [`durationMs: ${kind} needs durationMs (how long it lasts)`]);
      });
    }

    for (const kind of ['crash', 'slow-start', 'crash-loop', 'ignore-shutdown'] as const) {
      it(`rejects durationMs given to ${kind}`, () => {
        const body = { ...MINIMAL[kind].body, durationMs: 100 };
        assert.deepEqual(issuesOf(body), [`durationMs: ${kind} takes no durationMs`]);
      });
    }

    it('rejects a durationMs that is not a whole number of ms from 1 ms to 24 h', () => {
      assert.deepEqual(issuesOf({ kind: 'freeze', pool: 'web', durationMs: 0 }), ['durationMs: Too small: expected number to be >=1']);
      assert.deepEqual(issuesOf({ kind: 'freeze', pool: 'web', durationMs: 1.5 }), [
        'durationMs: Invalid input: expected int, received number',
      ]);
      assert.deepEqual(issuesOf({ kind: 'deadlock', pool: 'web', durationMs: 24 * 3600 * 1000 + 1 }), [
        'durationMs: Too big: expected number to be <=86400000',
      ]);
    });

    it('rejects a share out of 0..1', () => {
      assert.deepEqual(issuesOf({ kind: 'slow-responses', pool: 'web', params: { delayMs: 5, share: 1.5 } }), [
        'params.share: Too big: expected number to be <=1',
      ]);
      assert.deepEqual(issuesOf({ kind: 'error-responses', pool: 'web', params: { share: -0.1 } }), [
        'params.share: Too small: expected number to be >=0',
      ]);
    });

    it('rejects a bad worker selector', () => {
      assert.deepEqual(issuesOf({ kind: 'crash', pool: 'web', worker: 'middle' }), ['worker: Invalid input']);
      assert.deepEqual(issuesOf({ kind: 'crash', pool: 'web', worker: -1 }), ['worker: Invalid input']);
      assert.deepEqual(issuesOf({ kind: 'crash', pool: 'web', worker: 1.5 }), ['worker: Invalid input']);
      assert.deepEqual(issuesOf({ kind: 'crash', pool: 'web', worker: { index: -1 } }), [
        'worker.index: Too small: expected number to be >=0',
      ]);
      assert.deepEqual(issuesOf({ kind: 'crash', pool: 'web', worker: { pid: 0 } }), ['worker.pid: Too small: expected number to be >=1']);
      assert.deepEqual(issuesOf({ kind: 'crash', pool: 'web', worker: { pid: 5, index: 2 } }), ['worker: Invalid input']);
    });

    it('accepts the parsed form of an index selector, so a parsed request can be posted again', () => {
      const parsed = parseFaultRequest({ kind: 'crash', pool: 'web', worker: { index: 1 } });
      assert.deepEqual(parsed.ok ? parsed.request.worker : parsed.issues, { index: 1 });
    });

    it('rejects a missing required param', () => {
      assert.deepEqual(issuesOf({ kind: 'slow-start', pool: 'web' }), [
        'params.delayMs: Invalid input: expected number, received undefined',
      ]);
      assert.deepEqual(issuesOf({ kind: 'crash-loop', pool: 'web' }), ['params.count: Invalid input: expected number, received undefined']);
      assert.deepEqual(issuesOf({ kind: 'slow-responses', pool: 'web' }), [
        'params.delayMs: Invalid input: expected number, received undefined',
      ]);
    });

    it('rejects a missing or empty pool, a bad count, seed, signal, exit code or status', () => {
      assert.deepEqual(issuesOf({ kind: 'crash' }), ['pool: Invalid input: expected string, received undefined']);
      assert.deepEqual(issuesOf({ kind: 'crash', pool: '' }), ['pool: Too small: expected string to have >=1 characters']);
      assert.deepEqual(issuesOf({ kind: 'crash', pool: 'web', count: 0 }), ['count: Too small: expected number to be >=1']);
      assert.deepEqual(issuesOf({ kind: 'crash', pool: 'web', seed: -1 }), ['seed: Too small: expected number to be >=0']);
      assert.deepEqual(issuesOf({ kind: 'crash', pool: 'web', seed: 2 ** 32 }), ['seed: Too big: expected number to be <=4294967295']);
      assert.deepEqual(issuesOf({ kind: 'crash', pool: 'web', params: { signal: 'SIGFOO' } }), [
        'params.signal: Invalid option: expected one of "SIGKILL"|"SIGTERM"|"SIGSEGV"|"SIGABRT"|"SIGBUS"|"SIGINT"|"SIGQUIT"|"SIGHUP"',
      ]);
      assert.deepEqual(issuesOf({ kind: 'crash', pool: 'web', params: { exitCode: 256 } }), [
        'params.exitCode: Too big: expected number to be <=255',
      ]);
      assert.deepEqual(issuesOf({ kind: 'error-responses', pool: 'web', params: { status: 200 } }), [
        'params.status: Too small: expected number to be >=400',
      ]);
    });

    it('lists every issue of a body, one line each, in order', () => {
      assert.deepEqual(issuesOf({ kind: 'slow-responses', pool: 'web', params: { delayMs: 0, share: 2 }, bogus: 1 }), [
        'params.delayMs: Too small: expected number to be >=1',
        'params.share: Too big: expected number to be <=1',
        '(body): Unrecognized key: "bogus"',
      ]);
      assert.deepEqual(issuesOf({ kind: 'freeze', pool: 'web', params: { x: 1 } }), [
        'params: Unrecognized key: "x"',
        'durationMs: freeze needs durationMs (how long it lasts)',
      ]);
    });
  });

  describe('faultParamsSchema', () => {
    it('is the params schema of one kind, defaults filled', () => {
      assert.deepEqual(faultParamsSchema('leak').parse({}), { rateBytesPerSecond: 16 * 1024 * 1024, capBytes: 512 * 1024 * 1024 });
      assert.deepEqual(faultParamsSchema('crash-loop').parse({ count: 2 }), { count: 2, exitCode: 1 });
      assert.equal(faultParamsSchema('freeze').safeParse({ x: 1 }).success, false);
    });
  });
});
