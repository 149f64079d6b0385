import assert from 'node:assert/strict';
import { renderTable, withRatios } from '../../../../bench/dispatch/report-table.ts';
import type { TargetOutcome } from '../../../../bench/dispatch/target-outcome.ts';
import { median, roundOrder, summarizeRounds } from '../../../../bench/dispatch/rounds.ts';
import type { TargetName } from '../../../../bench/dispatch/targets.ts';
import { targetOutcome } from './target-outcome.ts';

const TELEMETRY_TARGETS: TargetName[] = ['poolchaos-no-telemetry', 'poolchaos', 'poolchaos-traced'];
const BASELINE: TargetName[] = ['poolchaos-no-telemetry'];

function outcome(target: TargetName, requestsPerSec: number | null, microsPerRequest = 50, p99Ms = 4): TargetOutcome {
  return targetOutcome(target, requestsPerSec, { microsPerRequest, p50Ms: 2, p99Ms });
}

describe('roundOrder', () => {
  it('rotates the targets left by the round index, wrapping after a full turn', () => {
    const targets = ['a', 'b', 'c'];
    assert.deepEqual(
      [0, 1, 2, 3, 4].map((round) => roundOrder(targets, round).join('')),
      ['abc', 'bca', 'cab', 'abc', 'bca'],
    );
  });

  it('returns an empty order for no targets', () => {
    assert.deepEqual(roundOrder([], 3), []);
  });
});

describe('median', () => {
  it('takes the middle value of an odd count, unsorted input', () => {
    assert.equal(median([0.79, 0.51, 0.98, 0.78, 0.83]), 0.79);
  });

  it('takes the mean of the middle two of an even count', () => {
    assert.equal(median([4, 1, 3, 2]), 2.5);
  });

  it('is null for no values', () => {
    assert.equal(median([]), null);
  });
});

describe('summarizeRounds', () => {
  describe('over three rounds in rotated order', () => {
    const rounds = [
      [outcome('poolchaos-no-telemetry', 20_000, 50, 4), outcome('poolchaos', 19_000, 52, 5), outcome('poolchaos-traced', 18_000, 55, 6)],
      [outcome('poolchaos', 10_000, 54, 7), outcome('poolchaos-traced', 12_000, 57, 3), outcome('poolchaos-no-telemetry', 12_500, 51, 5)],
      [outcome('poolchaos-traced', 25_000, 56, 8), outcome('poolchaos-no-telemetry', 25_000, 49, 6), outcome('poolchaos', 25_000, 53, 4)],
    ].map((round) => withRatios(round, BASELINE));
    const summary = summarizeRounds(rounds, TELEMETRY_TARGETS, BASELINE);

    it('compares each target with the baseline of its own round', () => {
      assert.deepEqual(
        summary.map((s) => [s.target, s.ratios['poolchaos-no-telemetry']?.byRound]),
        [
          ['poolchaos-no-telemetry', [1, 1, 1]],
          ['poolchaos', [0.95, 0.8, 1]],
          ['poolchaos-traced', [0.9, 0.96, 1]],
        ],
      );
    });

    it('reports the median ratio and its range', () => {
      assert.deepEqual(
        summary.map((s) => {
          const ratio = s.ratios['poolchaos-no-telemetry'];
          return [ratio?.median, ratio?.min, ratio?.max];
        }),
        [
          [1, 1, 1],
          [0.95, 0.8, 1],
          [0.96, 0.9, 1],
        ],
      );
    });

    it('reports the medians of req/s, latency and CPU per request', () => {
      assert.deepEqual(
        summary.map((s) => [s.target, s.roundsMeasured, s.roundsFailed, s.requestsPerSec, s.latencyP99Ms, s.cpuMicrosPerRequest]),
        [
          ['poolchaos-no-telemetry', 3, 0, 20_000, 5, 50],
          ['poolchaos', 3, 0, 19_000, 5, 53],
          ['poolchaos-traced', 3, 0, 18_000, 6, 56],
        ],
      );
    });

    it('prints the median ratio followed by the range', () => {
      assert.equal(
        renderTable(summary, BASELINE),
        [
          'target                   req/s  p50 ms  p99 ms  errors  CPU µs/req  × poolchaos-no-telemetry',
          '----------------------  ------  ------  ------  ------  ----------  ------------------------',
          'poolchaos-no-telemetry  20,000   2.000   5.000       0        50.0                     1.00×',
          'poolchaos               19,000   2.000   5.000       0        53.0         0.95× (0.80–1.00)',
          'poolchaos-traced        18,000   2.000   6.000       0        56.0         0.96× (0.90–1.00)',
        ].join('\n'),
      );
    });
  });

  describe('when a target failed in one round', () => {
    const rounds = [
      [outcome('poolchaos-no-telemetry', 20_000), outcome('poolchaos', 18_000)],
      [outcome('poolchaos', null), outcome('poolchaos-no-telemetry', 10_000)],
    ].map((round) => withRatios(round, BASELINE));
    const summary = summarizeRounds(rounds, ['poolchaos-no-telemetry', 'poolchaos'], BASELINE);

    it('summarises the measured rounds only and counts the failure', () => {
      const poolchaos = summary[1];
      assert.deepEqual(
        [poolchaos?.roundsMeasured, poolchaos?.roundsFailed, poolchaos?.requestsPerSec, poolchaos?.ratios['poolchaos-no-telemetry']],
        [1, 1, 18_000, { median: 0.9, min: 0.9, max: 0.9, byRound: [0.9, null] }],
      );
    });

    it('names the failed rounds in the table', () => {
      assert.equal(
        renderTable(summary, BASELINE).split('\n')[3],
        'poolchaos (1 failed)    18,000   2.000   4.000       0        50.0                     0.90×',
      );
    });
  });

  describe('when a target failed in every round', () => {
    it('prints it as failed with dashes', () => {
      const rounds = [withRatios([outcome('poolchaos-no-telemetry', 20_000), outcome('poolchaos', null)], BASELINE)];
      const summary = summarizeRounds(rounds, ['poolchaos-no-telemetry', 'poolchaos'], BASELINE);
      assert.deepEqual(summary[1]?.ratios['poolchaos-no-telemetry'], { median: null, min: null, max: null, byRound: [null] });
      assert.equal(
        renderTable(summary, BASELINE).split('\n')[3],
        'poolchaos               failed       -       -       -           -                         -',
      );
    });
  });
});
