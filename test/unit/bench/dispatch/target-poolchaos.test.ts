import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { DEFAULT_TRACE_SAMPLING_RATIO } from '../../../../bench/dispatch/options.ts';
import { renderPoolchaosConfig, serverEnv, tracedTelemetry } from '../../../../bench/dispatch/target-poolchaos.ts';

describe('renderPoolchaosConfig', () => {
  describe('without a telemetry section (the poolchaos target)', () => {
    it('leaves telemetry to the server defaults', () => {
      assert.deepEqual(parse(renderPoolchaosConfig('/x/hello.ts')), {
        listen: { host: '127.0.0.1', port: 0 },
        admin: { host: '127.0.0.1', port: 0 },
        log: { level: 'warn' },
        pools: { bench: { maxProcesses: 2, startMode: 'AlwaysRunning' } },
        apps: [{ path: '/', pool: 'bench', module: '/x/hello.ts' }],
      });
    });
  });

  describe('with a telemetry section (the variants)', () => {
    it('adds it as given', () => {
      const config = parse(
        renderPoolchaosConfig('/x/hello.ts', { metrics: true, traces: { samplingRatio: DEFAULT_TRACE_SAMPLING_RATIO } }),
      ) as Record<string, unknown>;
      assert.deepEqual(config['telemetry'], { metrics: true, traces: { samplingRatio: 0.05 } });
      assert.deepEqual((parse(renderPoolchaosConfig('/x/hello.ts', { metrics: false })) as Record<string, unknown>)['telemetry'], {
        metrics: false,
      });
    });
  });
});

describe('tracedTelemetry', () => {
  describe('without --trace-max-per-second', () => {
    it('leaves the cap to the server default', () => {
      assert.deepEqual(tracedTelemetry(0.05, null), { metrics: true, traces: { samplingRatio: 0.05 } });
    });
  });

  describe('with --trace-max-per-second 0', () => {
    it('turns the cap off', () => {
      assert.deepEqual(tracedTelemetry(0.01, 0), { metrics: true, traces: { samplingRatio: 0.01, maxPerSecond: 0 } });
    });
  });
});

describe('serverEnv', () => {
  describe('with OTEL_* variables in the runner environment', () => {
    it('drops them all and adds only the given ones', () => {
      const base = { PATH: '/bin', OTEL_TRACES_EXPORTER: 'console', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://x', HOME: '/root' };
      assert.deepEqual(serverEnv(base, {}), { PATH: '/bin', HOME: '/root' });
      assert.deepEqual(
        serverEnv(base, { OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:1/v1/traces' }),
        {
          PATH: '/bin',
          HOME: '/root',
          OTEL_TRACES_EXPORTER: 'otlp',
          OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:1/v1/traces',
        },
      );
    });
  });
});
