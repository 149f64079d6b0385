import assert from 'node:assert/strict';
import { ExpectationError } from '../../../../chaos/expect/expect-errors.ts';
import type { ExpectErrorCode } from '../../../../chaos/expect/expect-errors.ts';
import { parseExpectation, type SettingReading } from '../../../../chaos/expect/parse-expectation.ts';

const WINDOWED =
  'requests.sent, requests.served, requests.rejected, requests.lost, requests.lostRate, requests.rejectedRate, ' +
  'served, rejected, lost, latency.p50, latency.p90, latency.p99, latency.max, latency.mean, events';
const ROOTS = 'requests, served, rejected, lost, latency, front, restarts, recycles, recovery, workers, faults, events, disagreements';
const RESTART_REASONS =
  'Time, Requests, Schedule, PrivateMemory, Memory, ConfigChange, OnDemand, Unhealthy, crash, ping_timeout, startup_timeout, deadlock, manual';
const WRITE_DURATION = 'a duration such as 800ms, 2s or 1m, or a plain number of milliseconds';

/** Asserts that parsing `text` throws exactly this catalogue error. */
function assertRejects(text: string, code: ExpectErrorCode, column: number, detail: string): void {
  assert.throws(
    () => parseExpectation(text),
    (error: unknown) => {
      assert.ok(error instanceof ExpectationError);
      assert.deepEqual(
        { name: error.name, code: error.code, text: error.text, column: error.column, message: error.message },
        { name: 'ExpectationError', code, text, column, message: `expectation ${JSON.stringify(text)}, column ${column}: ${detail}` },
      );
      return true;
    },
  );
}

describe('parseExpectation', () => {
  describe('when given the forms of the language', () => {
    it('reads a figure, an operator and a plain number', () => {
      assert.deepEqual(parseExpectation('requests.lost == 0'), {
        text: 'requests.lost == 0',
        window: 'run',
        figure: 'requests.lost',
        labels: {},
        operator: '==',
        value: 0,
        terms: [],
        isFormula: false,
        unit: 'count',
      });
    });

    it('reads a window prefix', () => {
      assert.deepEqual(parseExpectation('after.requests.lost == 0'), {
        text: 'after.requests.lost == 0',
        window: 'after',
        figure: 'requests.lost',
        labels: {},
        operator: '==',
        value: 0,
        terms: [],
        isFormula: false,
        unit: 'count',
      });
      assert.equal(parseExpectation('before.latency.p99 < 800ms').window, 'before');
    });

    it('reads labels in the order written', () => {
      const expectation = parseExpectation('events{type=rapid-fail-tripped,pool=a} == 1');
      assert.deepEqual(expectation.labels, { type: 'rapid-fail-tripped', pool: 'a' });
      assert.deepEqual(Object.keys(parseExpectation('front.lost{reason=truncated,pool=a} == 0').labels), ['reason', 'pool']);
      assert.deepEqual(Object.keys(parseExpectation('front.lost{pool=a,reason=truncated} == 0').labels), ['pool', 'reason']);
    });

    it('reads label values with dots, dashes, colons and digits', () => {
      assert.deepEqual(parseExpectation('events{type=worker-exited,pool=api.v2-eu:1,workerId=12} == 0').labels, {
        type: 'worker-exited',
        pool: 'api.v2-eu:1',
        workerId: '12',
      });
    });

    for (const operator of ['<', '<=', '>', '>=', '==', '!='] as const) {
      it(`reads the operator ${operator}`, () => {
        assert.equal(parseExpectation(`restarts ${operator} 3`).operator, operator);
      });
    }

    it('keeps the text as written, spaces included', () => {
      assert.equal(parseExpectation('  restarts{ reason = crash }   >=3 ').text, '  restarts{ reason = crash }   >=3 ');
    });

    it('allows whitespace between the parts, or none', () => {
      const spaced = parseExpectation('\trestarts {  reason = crash }  >=  3  ');
      const tight = parseExpectation('restarts{reason=crash}>=3');
      assert.deepEqual([spaced.figure, spaced.labels, spaced.operator, spaced.value], ['restarts', { reason: 'crash' }, '>=', 3]);
      assert.deepEqual([tight.figure, tight.labels, tight.operator, tight.value], ['restarts', { reason: 'crash' }, '>=', 3]);
    });

    it('returns a frozen expectation with frozen labels', () => {
      const expectation = parseExpectation('restarts{reason=crash} >= 3');
      assert.equal(Object.isFrozen(expectation), true);
      assert.equal(Object.isFrozen(expectation.labels), true);
    });
  });

  describe('when given values', () => {
    const cases: readonly (readonly [string, number, string])[] = [
      ['requests.served > 1000', 1000, 'count'],
      ['requests.served > 2.5', 2.5, 'count'],
      ['latency.p99 < 800', 800, 'ms'],
      ['latency.p99 < 800ms', 800, 'ms'],
      ['latency.p99 < 800 ms', 800, 'ms'],
      ['latency.p99 < 2s', 2000, 'ms'],
      ['latency.p99 < 1.1s', 1100, 'ms'],
      ['latency.p99 < 0.25s', 250, 'ms'],
      ['latency.p99 < 1m', 60_000, 'ms'],
      ['latency.p99 < 1.5m', 90_000, 'ms'],
      ['latency.p99 < 1h', 3_600_000, 'ms'],
      ['recovery.replacementReadyMs.max < 2000', 2000, 'ms'],
      ['recovery.replacementReadyMs.max < 3s', 3000, 'ms'],
      ['requests.lostRate < 1%', 0.01, 'ratio'],
      ['requests.lostRate <= 0.5%', 0.005, 'ratio'],
      ['requests.lostRate <= 100%', 1, 'ratio'],
      ['requests.lostRate < 0.01', 0.01, 'ratio'],
      ['requests.lostRate < 1', 1, 'ratio'],
      ['requests.rejectedRate < 5 %', 0.05, 'ratio'],
    ];
    for (const [text, value, unit] of cases) {
      it(`reads ${JSON.stringify(text)} as ${value} ${unit}`, () => {
        const expectation = parseExpectation(text);
        assert.deepEqual([expectation.value, expectation.unit], [value, unit]);
      });
    }
  });

  describe('when the bound is a formula', () => {
    const SETTINGS: Readonly<Record<string, SettingReading>> = {
      'server.pools.web.processModel.pingInterval': { value: 500, unit: 'ms' },
      'server.pools.web.processModel.pingResponseTime': { value: 1000, unit: 'ms' },
      'server.pools.web.maxProcesses': { value: 2, unit: 'count' },
    };
    const resolveSetting = (path: string): SettingReading =>
      SETTINGS[path] ?? { problem: `no setting ${path.slice(7)} in the server config` };

    it('sums values and settings into the constant and keeps figures as signed terms', () => {
      const text =
        'recovery.replacementReadyMs.max < server.pools.web.processModel.pingInterval + server.pools.web.processModel.pingResponseTime + workers.startupMs.max{pool=web} + 1s - 200ms';
      assert.deepEqual(parseExpectation(text, { resolveSetting }), {
        text,
        window: 'run',
        figure: 'recovery.replacementReadyMs.max',
        labels: {},
        operator: '<',
        value: 500 + 1000 + 1000 - 200,
        terms: [
          { sign: 1, text: 'workers.startupMs.max{pool=web}', window: 'run', figure: 'workers.startupMs.max', labels: { pool: 'web' } },
        ],
        isFormula: true,
        unit: 'ms',
      });
    });

    it('takes a figure alone, subtracted figures, windows and a sum of plain values as formulas', () => {
      const alone = parseExpectation('latency.max < workers.startupMs.min');
      assert.deepEqual(
        { value: alone.value, terms: alone.terms.map((term) => [term.sign, term.figure]), isFormula: alone.isFormula },
        {
          value: 0,
          terms: [[1, 'workers.startupMs.min']],
          isFormula: true,
        },
      );
      const windowed = parseExpectation('after.requests.served >= before.requests.served - 10');
      assert.deepEqual(windowed.terms, [
        { sign: 1, text: 'before.requests.served', window: 'before', figure: 'requests.served', labels: {} },
      ]);
      assert.equal(windowed.value, -10);
      const subtracted = parseExpectation('requests.served > 1000 - requests.lost');
      assert.deepEqual(
        subtracted.terms.map((term) => term.sign),
        [-1],
      );
      assert.deepEqual(
        { value: parseExpectation('latency.max < 1s + 500ms').value, isFormula: parseExpectation('latency.max < 1s + 500ms').isFormula },
        { value: 1500, isFormula: true },
      );
    });

    it('refuses a setting without a server to read it from, an unknown setting and a setting of another unit', () => {
      assertRejects(
        'latency.max < server.pools.web.processModel.pingInterval',
        'ERR_EXPECT_BAD_SETTING',
        15,
        'setting server.pools.web.processModel.pingInterval: settings can be named only when the scenario starts the server (target.server)',
      );
      assert.throws(() => parseExpectation('latency.max < server.pools.web.pingInterval', { resolveSetting }), {
        code: 'ERR_EXPECT_BAD_SETTING',
        message:
          'expectation "latency.max < server.pools.web.pingInterval", column 15: setting server.pools.web.pingInterval: no setting pools.web.pingInterval in the server config',
      });
      assert.throws(() => parseExpectation('latency.max < server.pools.web.maxProcesses', { resolveSetting }), {
        code: 'ERR_EXPECT_UNIT_MISMATCH',
        message:
          'expectation "latency.max < server.pools.web.maxProcesses", column 15: server.pools.web.maxProcesses is a count, but figure latency.max is a duration in ms; write a setting in ms',
      });
    });

    it('refuses a figure term of another unit and a sign without a term after it', () => {
      assertRejects(
        'latency.max < requests.lost',
        'ERR_EXPECT_UNIT_MISMATCH',
        15,
        'requests.lost is a count, but figure latency.max is a duration in ms; write a term in ms',
      );
      assertRejects(
        'latency.max < 1s +',
        'ERR_EXPECT_SYNTAX',
        19,
        'expected a number such as 0, 2.5, 800ms, 1% or 512MB, a server.… setting or a figure, found the end of the text',
      );
      assertRejects(
        'latency.max < 1s + nope.figure',
        'ERR_EXPECT_UNKNOWN_FIGURE',
        20,
        'no figure named nope.figure; expected a figure listed in docs/scenarios.md, whose names start with requests, served, rejected, lost, latency, front, restarts, recycles, recovery, workers, faults, events, disagreements',
      );
    });
  });

  describe('when the syntax is wrong', () => {
    const cases: readonly (readonly [string, number, string])[] = [
      ['', 1, 'expected a figure name such as requests.lost, found the end of the text'],
      ['   ', 4, 'expected a figure name such as requests.lost, found the end of the text'],
      ['5 > requests.lost', 1, 'expected a figure name such as requests.lost, found "5 > requests.lost"'],
      ['before.', 8, 'expected a figure after before., found the end of the text'],
      ['after. requests.lost == 0', 7, 'expected a figure after after., found " requests.lost == 0"'],
      ['requests.lost 0', 15, 'expected a comparison operator: <, <=, >, >=, == or !=, found "0"'],
      ['requests.lost = 0', 15, 'expected a comparison operator: <, <=, >, >=, == or !=, found "= 0"'],
      ['requests.lost =< 0', 15, 'expected a comparison operator: <, <=, >, >=, == or !=, found "=< 0"'],
      ['requests.lost', 14, 'expected a comparison operator: <, <=, >, >=, == or !=, found the end of the text'],
      [
        'requests.lost <',
        16,
        'expected a number such as 0, 2.5, 800ms, 1% or 512MB, a server.… setting or a figure, found the end of the text',
      ],
      ['requests.lost > -1', 17, 'expected a number such as 0, 2.5, 800ms, 1% or 512MB, a server.… setting or a figure, found "-1"'],
      ['requests.lost <== 0', 17, 'expected a number such as 0, 2.5, 800ms, 1% or 512MB, a server.… setting or a figure, found "= 0"'],
      ['requests.lost == .5', 18, 'expected a number such as 0, 2.5, 800ms, 1% or 512MB, a server.… setting or a figure, found ".5"'],
      ['requests.lost == 0 and more', 20, 'expected the end of the expectation, or + or - and another term, found "and more"'],
      [
        'requests.lost == 0 || requests.served > 0',
        20,
        'expected the end of the expectation, or + or - and another term, found "|| requests.served >..."',
      ],
      ['latency.p99 < 8 xs', 17, 'expected the end of the expectation, or + or - and another term, found "xs"'],
      ['requests.lost == 1.2.3', 21, 'expected the end of the expectation, or + or - and another term, found ".3"'],
      ['served{} < 1', 8, 'expected a label name, found "} < 1"'],
      ['served{status:200} < 1', 14, 'expected = after the label name status, found ":200} < 1"'],
      ['served{status=} < 1', 15, 'expected a value for the label status, found "} < 1"'],
      ['served{status="200"} < 1', 15, 'expected a value for the label status, found "\\"200\\"} < 1"'],
      ['served{status=200 < 1', 19, 'expected a comma or } after the label, found "< 1"'],
      ['served{status=200,} < 1', 19, 'expected a label name, found "} < 1"'],
      ['served{status=200', 18, 'expected a comma or } after the label, found the end of the text'],
      [`requests.lost < ${'9'.repeat(400)}`, 17, `expected a number small enough to compare, found "${'9'.repeat(20)}..."`],
    ];
    for (const [text, column, detail] of cases) {
      it(`rejects ${JSON.stringify(text.length > 50 ? `${text.slice(0, 50)}...` : text)} with ERR_EXPECT_SYNTAX at column ${column}`, () => {
        assertRejects(text, 'ERR_EXPECT_SYNTAX', column, detail);
      });
    }
  });

  describe('when the figure is unknown', () => {
    it('suggests the nearest figure', () => {
      assertRejects('latency.p95 < 3', 'ERR_EXPECT_UNKNOWN_FIGURE', 1, 'no figure named latency.p95; did you mean latency.p90?');
      assertRejects('after.request.lost == 0', 'ERR_EXPECT_UNKNOWN_FIGURE', 7, 'no figure named request.lost; did you mean requests.lost?');
      assertRejects('restart >= 1', 'ERR_EXPECT_UNKNOWN_FIGURE', 1, 'no figure named restart; did you mean restarts?');
    });

    it('lists where figure names start when none is near', () => {
      const detail = `no figure named during.requests.lost; expected a figure listed in docs/scenarios.md, whose names start with ${ROOTS}`;
      assertRejects('during.requests.lost == 0', 'ERR_EXPECT_UNKNOWN_FIGURE', 1, detail);
    });

    it('does not know a figure written with labels as a dotted name', () => {
      assertRejects(
        'restarts.crash >= 1',
        'ERR_EXPECT_UNKNOWN_FIGURE',
        1,
        `no figure named restarts.crash; expected a figure listed in docs/scenarios.md, whose names start with ${ROOTS}`,
      );
    });

    it('takes no run. prefix: the whole run is the default', () => {
      assertRejects(
        'run.requests.lost == 0',
        'ERR_EXPECT_UNKNOWN_FIGURE',
        1,
        `no figure named run.requests.lost; expected a figure listed in docs/scenarios.md, whose names start with ${ROOTS}`,
      );
    });
  });

  describe('when a window prefix is on a whole-run figure', () => {
    it('rejects before. on restarts at the prefix', () => {
      const detail = `figure restarts takes no before. window prefix: it covers the whole run (window prefixes apply to ${WINDOWED})`;
      assertRejects('before.restarts == 0', 'ERR_EXPECT_WINDOW_UNSUPPORTED', 1, detail);
    });

    it('rejects after. on a front figure', () => {
      const detail = `figure front.lost takes no after. window prefix: it covers the whole run (window prefixes apply to ${WINDOWED})`;
      assertRejects('  after.front.lost == 0', 'ERR_EXPECT_WINDOW_UNSUPPORTED', 3, detail);
    });
  });

  describe('when a label is wrong', () => {
    const cases: readonly (readonly [string, number, string])[] = [
      ['requests.lost{pool=a} == 0', 15, 'label pool on figure requests.lost: the figure takes no labels'],
      ['restarts{pool=a} == 0', 10, 'label pool on figure restarts: the figure takes only reason'],
      ['front.lost{reason=timeout,worker=1} == 0', 27, 'label worker on figure front.lost: the figure takes only reason, pool'],
      ['restarts{reason=crsh} == 1', 17, `label reason on figure restarts: expected one of ${RESTART_REASONS}, found "crsh"`],
      [
        'recycles{reason=crash} == 0',
        17,
        'label reason on figure recycles: expected one of Time, Requests, Schedule, PrivateMemory, Memory, ConfigChange, OnDemand, Unhealthy, found "crash"',
      ],
      [
        'lost{reason=worker_died} == 0',
        13,
        'label reason on figure lost: expected one of reset, eof, truncated, timeout, found "worker_died"',
      ],
      [
        'front.lost{reason=reset} == 0',
        19,
        'label reason on figure front.lost: expected one of worker_died, truncated, timeout, found "reset"',
      ],
      [
        'rejected{reason=queuefull} == 0',
        17,
        'label reason on figure rejected: expected one of QueueFull, AppOffline, Disabled, found "queuefull"',
      ],
      [
        'served{status=5x} == 0',
        15,
        'label status on figure served: expected an HTTP status such as 200, or a class such as 5xx, found "5x"',
      ],
      [
        'served{status=600} == 0',
        15,
        'label status on figure served: expected an HTTP status such as 200, or a class such as 5xx, found "600"',
      ],
      ['restarts{reason=crash,reason=crash} > 1', 23, 'label reason on figure restarts: it is given twice'],
      ['events{type=worker-ready,type=worker-exited} > 1', 26, 'label type on figure events: it is given twice'],
    ];
    for (const [text, column, detail] of cases) {
      it(`rejects ${JSON.stringify(text)} with ERR_EXPECT_BAD_LABEL at column ${column}`, () => {
        assertRejects(text, 'ERR_EXPECT_BAD_LABEL', column, detail);
      });
    }

    it('rejects a label name that does not start with a letter', () => {
      assertRejects(
        'events{type=worker-ready,__proto__=x} > 1',
        'ERR_EXPECT_SYNTAX',
        26,
        'expected a label name, found "__proto__=x} > 1"',
      );
    });
  });

  describe('when a required label is missing', () => {
    it('rejects events without a type, pointing after the figure name', () => {
      assertRejects('events == 1', 'ERR_EXPECT_MISSING_LABEL', 7, 'figure events needs the label type, e.g. events{type=worker-ready}');
      assertRejects(
        'after.events{pool=a} == 1',
        'ERR_EXPECT_MISSING_LABEL',
        13,
        'figure events needs the label type, e.g. events{type=worker-ready}',
      );
    });
  });

  describe('when the unit is unknown', () => {
    it('rejects letters attached to the number, saying how to write the figure', () => {
      assertRejects(
        'latency.p99 < 8xs',
        'ERR_EXPECT_UNKNOWN_UNIT',
        16,
        `unknown unit "xs" after the number; figure latency.p99 is a duration in ms, so write ${WRITE_DURATION}`,
      );
      assertRejects(
        'latency.p99 < 8MS',
        'ERR_EXPECT_UNKNOWN_UNIT',
        16,
        `unknown unit "MS" after the number; figure latency.p99 is a duration in ms, so write ${WRITE_DURATION}`,
      );
      assertRejects(
        'requests.lost < 3x',
        'ERR_EXPECT_UNKNOWN_UNIT',
        18,
        'unknown unit "x" after the number; figure requests.lost is a count, so write a plain number',
      );
    });
  });

  describe('when the unit does not fit the figure', () => {
    const cases: readonly (readonly [string, number, string])[] = [
      ['requests.lost < 800ms', 17, '800ms is a duration, but figure requests.lost is a count; write a plain number'],
      ['restarts{reason=crash} >= 1s', 27, '1s is a duration, but figure restarts is a count; write a plain number'],
      ['requests.lost < 1MB', 17, '1MB is a size, but figure requests.lost is a count; write a plain number'],
      ['requests.lost < 1 %', 17, '1 % is a percentage, but figure requests.lost is a count; write a plain number'],
      ['latency.p99 < 5%', 15, `5% is a percentage, but figure latency.p99 is a duration in ms; write ${WRITE_DURATION}`],
      ['latency.p99 < 1KiB', 15, `1KiB is a size, but figure latency.p99 is a duration in ms; write ${WRITE_DURATION}`],
      [
        'requests.lostRate < 2s',
        21,
        '2s is a duration, but figure requests.lostRate is a rate from 0 to 1; write a percentage such as 1%, or a fraction such as 0.01',
      ],
      [
        'requests.lostRate < 5',
        21,
        '5 is a plain number above 1, but figure requests.lostRate is a rate from 0 to 1; write 5% or a fraction such as 0.01',
      ],
    ];
    for (const [text, column, detail] of cases) {
      it(`rejects ${JSON.stringify(text)} with ERR_EXPECT_UNIT_MISMATCH at column ${column}`, () => {
        assertRejects(text, 'ERR_EXPECT_UNIT_MISMATCH', column, detail);
      });
    }
  });
});
