import assert from 'node:assert/strict';
import { UsageError, chooseBaseline, parseBenchOptions } from '../../../../bench/dispatch/options.ts';

describe('parseBenchOptions', () => {
  describe('without options', () => {
    it('runs the dispatch targets with nginx as the baseline and the documented defaults', () => {
      assert.deepEqual(parseBenchOptions([]), {
        durationSec: 10,
        warmupSec: 2,
        connections: 64,
        threads: 1,
        rounds: 1,
        targets: ['poolchaos', 'nginx', 'cluster', 'plain'],
        baseline: 'nginx',
        jsonPath: 'out/bench/dispatch.json',
        traceSamplingRatio: 0.05,
        traceMaxPerSecond: null,
        isHelp: false,
      });
    });
  });

  describe('with --trace-ratio', () => {
    it('takes a number from 0 to 1', () => {
      assert.equal(parseBenchOptions(['--trace-ratio', '0.01']).traceSamplingRatio, 0.01);
      assert.equal(parseBenchOptions(['--trace-ratio', '1']).traceSamplingRatio, 1);
    });

    it('throws a UsageError naming the value outside 0 to 1', () => {
      for (const text of ['1.5', '-0.1', 'often', '']) {
        assert.throws(() => parseBenchOptions([`--trace-ratio=${text}`]), {
          name: 'UsageError',
          message: `--trace-ratio ${text}: expected a number from 0 to 1`,
        });
      }
    });
  });

  describe('with the bench:telemetry arguments', () => {
    it('runs the three poolchaos variants in order against poolchaos-no-telemetry', () => {
      const options = parseBenchOptions([
        '--rounds',
        '5',
        '--targets',
        'poolchaos-no-telemetry,poolchaos,poolchaos-traced',
        '--baseline',
        'poolchaos-no-telemetry',
        '--json',
        'out/bench/telemetry.json',
        '--duration',
        '10',
      ]);
      assert.deepEqual(options.targets, ['poolchaos-no-telemetry', 'poolchaos', 'poolchaos-traced']);
      assert.equal(options.baseline, 'poolchaos-no-telemetry');
      assert.equal(options.jsonPath, 'out/bench/telemetry.json');
      assert.equal(options.durationSec, 10);
      assert.equal(options.rounds, 5);
    });
  });

  describe('with --trace-max-per-second', () => {
    it('takes an integer of 0 or more (0 = no cap)', () => {
      assert.equal(parseBenchOptions(['--trace-max-per-second', '0']).traceMaxPerSecond, 0);
      assert.equal(parseBenchOptions(['--trace-max-per-second', '200']).traceMaxPerSecond, 200);
    });

    it('throws a UsageError naming a value that is not', () => {
      for (const text of ['-1', '2.5', 'lots']) {
        assert.throws(() => parseBenchOptions([`--trace-max-per-second=${text}`]), {
          name: 'UsageError',
          message: `--trace-max-per-second ${text}: expected an integer >= 0`,
        });
      }
    });
  });

  describe('with a --rounds that is not a positive integer', () => {
    it('throws a UsageError naming the value', () => {
      for (const text of ['0', '2.5', 'many']) {
        assert.throws(() => parseBenchOptions(['--rounds', text]), {
          name: 'UsageError',
          message: `--rounds ${text}: expected an integer >= 1`,
        });
      }
    });
  });

  describe('with --targets all', () => {
    it('runs every target in the documented order, with nginx as the baseline', () => {
      const options = parseBenchOptions(['--targets', 'all']);
      assert.deepEqual(options.targets, ['poolchaos', 'poolchaos-no-telemetry', 'poolchaos-traced', 'nginx', 'cluster', 'plain']);
      assert.equal(options.baseline, 'nginx');
    });
  });

  describe('with --targets and no --baseline', () => {
    it('takes the first target when nginx is not in the run', () => {
      assert.equal(parseBenchOptions(['--targets', 'poolchaos-traced,poolchaos']).baseline, 'poolchaos-traced');
    });

    it('takes nginx when the run has it, wherever it stands', () => {
      assert.equal(parseBenchOptions(['--targets', 'plain,poolchaos,nginx']).baseline, 'nginx');
    });

    it('drops repeated names and blanks, keeping the first order', () => {
      assert.deepEqual(parseBenchOptions(['--targets', 'plain, ,poolchaos,plain']).targets, ['plain', 'poolchaos']);
    });
  });

  describe('with a --baseline that is not one of the run', () => {
    it('throws a UsageError naming the option, the value and the run targets', () => {
      assert.throws(
        () => parseBenchOptions(['--targets', 'poolchaos,plain', '--baseline', 'nginx']),
        (error: unknown) =>
          error instanceof UsageError && error.message === '--baseline nginx: expected one of the targets of this run (poolchaos, plain)',
      );
    });

    it('throws a UsageError for an unknown name', () => {
      assert.throws(
        () => parseBenchOptions(['--baseline', 'apache']),
        (error: unknown) =>
          error instanceof UsageError &&
          error.message === '--baseline apache: expected one of the targets of this run (poolchaos, nginx, cluster, plain)',
      );
    });
  });

  describe('with an unknown target', () => {
    it('throws a UsageError listing every target name', () => {
      assert.throws(
        () => parseBenchOptions(['--targets', 'poolchaos,poolchaos-metrics']),
        (error: unknown) =>
          error instanceof UsageError &&
          error.message ===
            '--targets poolchaos,poolchaos-metrics: expected all or a comma-separated list of poolchaos, poolchaos-no-telemetry, poolchaos-traced, nginx, cluster, plain',
      );
    });
  });
});

describe('chooseBaseline', () => {
  describe('with an explicit name in the run', () => {
    it('returns it even when nginx is in the run', () => {
      assert.equal(chooseBaseline(['poolchaos', 'nginx', 'plain'], 'plain'), 'plain');
    });
  });

  describe('with no targets and no name', () => {
    it('throws a UsageError', () => {
      assert.throws(
        () => chooseBaseline([], undefined),
        (error: unknown) => error instanceof UsageError && error.message === '--targets: expected at least one target',
      );
    });
  });
});
