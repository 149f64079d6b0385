import assert from 'node:assert/strict';
import { comparedTargets, renderTable, withRatios } from '../../../../bench/dispatch/report-table.ts';
import type { TargetOutcome } from '../../../../bench/dispatch/target-outcome.ts';
import { summarizeRounds } from '../../../../bench/dispatch/rounds.ts';
import type { TargetName } from '../../../../bench/dispatch/targets.ts';
import { targetOutcome } from './target-outcome.ts';

function outcome(target: TargetName, requestsPerSec: number | null, microsPerRequest: number | null = 42.5): TargetOutcome {
  return targetOutcome(target, requestsPerSec, { microsPerRequest });
}

describe('comparedTargets', () => {
  describe('when the run has plain', () => {
    it('compares with the baseline first, then plain', () => {
      assert.deepEqual(comparedTargets(['poolchaos', 'nginx', 'cluster', 'plain'], 'nginx'), ['nginx', 'plain']);
    });

    it('lists plain once when plain is the baseline', () => {
      assert.deepEqual(comparedTargets(['poolchaos', 'plain'], 'plain'), ['plain']);
    });
  });

  describe('when the run has no plain', () => {
    it('compares with the baseline only', () => {
      assert.deepEqual(comparedTargets(['poolchaos-no-telemetry', 'poolchaos', 'poolchaos-traced'], 'poolchaos-no-telemetry'), [
        'poolchaos-no-telemetry',
      ]);
    });
  });
});

describe('withRatios', () => {
  describe('with the telemetry run (baseline poolchaos-no-telemetry)', () => {
    it('divides each req/s by the baseline req/s', () => {
      const outcomes = withRatios(
        [outcome('poolchaos-no-telemetry', 20_000), outcome('poolchaos', 19_000), outcome('poolchaos-traced', 15_000)],
        ['poolchaos-no-telemetry'],
      );
      assert.deepEqual(
        outcomes.map((o) => [o.target, o.ratios]),
        [
          ['poolchaos-no-telemetry', { 'poolchaos-no-telemetry': 1 }],
          ['poolchaos', { 'poolchaos-no-telemetry': 0.95 }],
          ['poolchaos-traced', { 'poolchaos-no-telemetry': 0.75 }],
        ],
      );
    });
  });

  describe('with the dispatch run (baseline nginx, plain measured)', () => {
    it('fills one ratio per compared target', () => {
      const outcomes = withRatios(
        [outcome('poolchaos', 25_000), outcome('nginx', 50_000), outcome('cluster', 80_000), outcome('plain', 100_000)],
        ['nginx', 'plain'],
      );
      assert.deepEqual(
        outcomes.map((o) => o.ratios),
        [
          { nginx: 0.5, plain: 0.25 },
          { nginx: 1, plain: 0.5 },
          { nginx: 1.6, plain: 0.8 },
          { nginx: 2, plain: 1 },
        ],
      );
    });
  });

  describe('when the baseline failed or a target failed', () => {
    it('leaves the ratios null instead of dividing by nothing', () => {
      const outcomes = withRatios([outcome('poolchaos-no-telemetry', null), outcome('poolchaos', 19_000)], ['poolchaos-no-telemetry']);
      assert.deepEqual(
        outcomes.map((o) => o.ratios),
        [{ 'poolchaos-no-telemetry': null }, { 'poolchaos-no-telemetry': null }],
      );
      const withFailedTarget = withRatios([outcome('nginx', 50_000), outcome('poolchaos', null)], ['nginx']);
      assert.deepEqual(
        withFailedTarget.map((o) => o.ratios),
        [{ nginx: 1 }, { nginx: null }],
      );
    });
  });

  describe('when the baseline measured 0 req/s', () => {
    it('leaves the ratios null', () => {
      const outcomes = withRatios([outcome('nginx', 0), outcome('poolchaos', 10)], ['nginx']);
      assert.deepEqual(
        outcomes.map((o) => o.ratios),
        [{ nginx: null }, { nginx: null }],
      );
    });
  });

  describe('when the baseline is not in the outcomes', () => {
    it('leaves the ratios null', () => {
      const outcomes = withRatios([outcome('poolchaos', 10)], ['nginx']);
      assert.deepEqual(outcomes[0]?.ratios, { nginx: null });
    });
  });
});

describe('renderTable', () => {
  describe('with one compared target and a failed row', () => {
    it('prints a × <baseline> column and dashes for the failed target', () => {
      const compared: TargetName[] = ['poolchaos-no-telemetry'];
      const outcomes = withRatios(
        [outcome('poolchaos-no-telemetry', 20_000, 61.04), outcome('poolchaos', 18_100, 66.96), outcome('poolchaos-traced', null)],
        compared,
      );
      assert.equal(
        renderTable(summarizeRounds([outcomes], ['poolchaos-no-telemetry', 'poolchaos', 'poolchaos-traced'], compared), compared),
        [
          'target                   req/s  p50 ms  p99 ms  errors  CPU µs/req  × poolchaos-no-telemetry',
          '----------------------  ------  ------  ------  ------  ----------  ------------------------',
          'poolchaos-no-telemetry  20,000   1.250   4.500       0        61.0                     1.00×',
          'poolchaos               18,100   1.250   4.500       0        67.0                     0.91×',
          'poolchaos-traced        failed       -       -       -           -                         -',
        ].join('\n'),
      );
    });
  });

  describe('with the dispatch run', () => {
    it('keeps the × nginx and × plain columns', () => {
      const compared: TargetName[] = ['nginx', 'plain'];
      const outcomes = withRatios([outcome('poolchaos', 25_000), outcome('nginx', 50_000, null), outcome('plain', 100_000, 8)], compared);
      assert.equal(
        renderTable(summarizeRounds([outcomes], ['poolchaos', 'nginx', 'plain'], compared), compared),
        [
          'target       req/s  p50 ms  p99 ms  errors  CPU µs/req  × nginx  × plain',
          '---------  -------  ------  ------  ------  ----------  -------  -------',
          'poolchaos   25,000   1.250   4.500       0        42.5    0.50×    0.25×',
          'nginx       50,000   1.250   4.500       0           -    1.00×    0.50×',
          'plain      100,000   1.250   4.500       0         8.0    2.00×    1.00×',
        ].join('\n'),
      );
    });
  });
});
