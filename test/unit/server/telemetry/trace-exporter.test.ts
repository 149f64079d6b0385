import assert from 'node:assert/strict';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { ConsoleSpanExporter } from '@opentelemetry/sdk-trace';
import { PoolchaosError } from '../../../../server/errors.ts';
import { chooseTraceExporter, createTraceExporter, type TraceExporterKind } from '../../../../server/telemetry/trace-exporter.ts';

type Env = Readonly<Record<string, string | undefined>>;

const ENDPOINT = 'http://collector:4318';
const TRACES_ENDPOINT = 'http://collector:4318/v1/traces';

describe('chooseTraceExporter', () => {
  describe('when OTEL_TRACES_EXPORTER is unset or empty', () => {
    const cases: readonly [string, Env, TraceExporterKind][] = [
      ['nothing is set', {}, 'none'],
      ['OTEL_TRACES_EXPORTER is empty', { OTEL_TRACES_EXPORTER: '' }, 'none'],
      ['OTEL_TRACES_EXPORTER is blank', { OTEL_TRACES_EXPORTER: '  ' }, 'none'],
      ['OTEL_TRACES_EXPORTER is present but undefined', { OTEL_TRACES_EXPORTER: undefined }, 'none'],
      ['OTEL_EXPORTER_OTLP_ENDPOINT is set', { OTEL_EXPORTER_OTLP_ENDPOINT: ENDPOINT }, 'otlp'],
      ['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is set', { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: TRACES_ENDPOINT }, 'otlp'],
      ['both endpoints are set', { OTEL_EXPORTER_OTLP_ENDPOINT: ENDPOINT, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: TRACES_ENDPOINT }, 'otlp'],
      ['an endpoint is set and OTEL_TRACES_EXPORTER is empty', { OTEL_TRACES_EXPORTER: '', OTEL_EXPORTER_OTLP_ENDPOINT: ENDPOINT }, 'otlp'],
      ['OTEL_EXPORTER_OTLP_ENDPOINT is empty', { OTEL_EXPORTER_OTLP_ENDPOINT: '' }, 'none'],
      ['only the metrics endpoint is set', { OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'http://collector:4318/v1/metrics' }, 'none'],
      ['only OTEL_METRICS_EXPORTER asks for otlp', { OTEL_METRICS_EXPORTER: 'otlp' }, 'none'],
    ];
    for (const [situation, env, kind] of cases) {
      it(`returns ${kind} when ${situation}`, () => {
        assert.equal(chooseTraceExporter(env), kind);
      });
    }
  });

  describe('when OTEL_TRACES_EXPORTER names an exporter', () => {
    const cases: readonly [string, Env, TraceExporterKind][] = [
      ['otlp', { OTEL_TRACES_EXPORTER: 'otlp' }, 'otlp'],
      ['console', { OTEL_TRACES_EXPORTER: 'console' }, 'console'],
      ['none', { OTEL_TRACES_EXPORTER: 'none' }, 'none'],
      ['OTLP in upper case', { OTEL_TRACES_EXPORTER: 'OTLP' }, 'otlp'],
      ['Console padded with spaces', { OTEL_TRACES_EXPORTER: ' Console ' }, 'console'],
      ['console first in a list', { OTEL_TRACES_EXPORTER: 'console,otlp' }, 'console'],
      ['otlp first in a spaced list', { OTEL_TRACES_EXPORTER: 'otlp, console' }, 'otlp'],
      ['none while an OTLP endpoint is set', { OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: ENDPOINT }, 'none'],
      [
        'console while an OTLP traces endpoint is set',
        { OTEL_TRACES_EXPORTER: 'console', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: TRACES_ENDPOINT },
        'console',
      ],
    ];
    for (const [situation, env, kind] of cases) {
      it(`returns ${kind} for ${situation}`, () => {
        assert.equal(chooseTraceExporter(env), kind);
      });
    }
  });

  describe('when OTEL_TRACES_EXPORTER names an unknown exporter', () => {
    it('throws ERR_TELEMETRY_EXPORTER with the name and the known ones', () => {
      assert.throws(
        () => chooseTraceExporter({ OTEL_TRACES_EXPORTER: 'jaeger' }),
        (error: unknown) => {
          assert.ok(error instanceof PoolchaosError);
          assert.deepEqual(
            [error.code, error.httpStatus, error.message],
            ['ERR_TELEMETRY_EXPORTER', 400, 'OTEL_TRACES_EXPORTER=jaeger is not one of otlp, console, none'],
          );
          return true;
        },
      );
    });

    it('names the first entry, lower-cased, even when a known one follows and an endpoint is set', () => {
      assert.throws(() => chooseTraceExporter({ OTEL_TRACES_EXPORTER: ' Zipkin ,otlp', OTEL_EXPORTER_OTLP_ENDPOINT: ENDPOINT }), {
        name: 'PoolchaosError',
        code: 'ERR_TELEMETRY_EXPORTER',
        message: 'OTEL_TRACES_EXPORTER=zipkin is not one of otlp, console, none',
      });
    });
  });
});

describe('createTraceExporter', () => {
  describe('when asked for each kind', () => {
    it('creates an OTLP/HTTP exporter for otlp', async () => {
      const exporter = createTraceExporter('otlp');
      assert.equal(exporter instanceof OTLPTraceExporter, true);
      await exporter.shutdown();
    });

    it('creates a console exporter for console', async () => {
      const exporter = createTraceExporter('console');
      assert.equal(exporter instanceof ConsoleSpanExporter, true);
      await exporter.shutdown();
    });
  });
});
