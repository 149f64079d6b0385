import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { performance } from 'node:perf_hooks';
import { DiagLogLevel, SpanKind, SpanStatusCode, diag, type Attributes, type DiagLogger } from '@opentelemetry/api';
import { hrTimeToMilliseconds } from '@opentelemetry/core';
import { emptyResource } from '@opentelemetry/resources';
import { DataPointType } from '@opentelemetry/sdk-metrics';
import {
  AlwaysOnSampler,
  InMemorySpanExporter,
  ParentBasedSampler,
  SimpleSpanProcessor,
  TracerProvider,
  type ReadableSpan,
  type Sampler,
} from '@opentelemetry/sdk-trace';
import { QUEUE_WAIT_BUCKETS_S, REQUEST_DURATION_BUCKETS_S, type RequestOutcome } from '../../../../server/telemetry/metric-catalogue.ts';
import { PoolRequestTelemetry, metricMethod } from '../../../../server/telemetry/pool-request-telemetry.ts';
import { TraceBudget } from '../../../../server/telemetry/trace-budget.ts';
import { ExplicitHistogram, HistogramProducer } from '../../../../server/telemetry/request-histograms.ts';

const POOL = 'web';
const DURATION = 'http.server.request.duration';
const QUEUE_WAIT = 'poolchaos.queue.wait.duration';

const CLIENT_TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const CLIENT_SPAN_ID = 'b7ad6b7169203331';

interface Harness {
  readonly telemetry: PoolRequestTelemetry;
  readonly reader: HistogramProducer;
  readonly exporter: InMemorySpanExporter;
}

/**
 * Telemetry for pool `web` over the front's own histograms and the producer that exports them; spans
 * go to memory, and none are created when `sampler` is null. `samplingRatio` is the root draw and
 * `rootBudget` the per-second cap (none by default).
 */
function harness(sampler: Sampler | null, samplingRatio = 1, random?: () => number, rootBudget: TraceBudget | null = null): Harness {
  const requestDuration = new ExplicitHistogram(DURATION, REQUEST_DURATION_BUCKETS_S);
  const queueWait = new ExplicitHistogram(QUEUE_WAIT, QUEUE_WAIT_BUCKETS_S);
  const reader = new HistogramProducer({ histograms: [requestDuration, queueWait], resource: emptyResource(), scopeName: 'test' });
  const exporter = new InMemorySpanExporter();
  const tracer =
    sampler === null ? null : new TracerProvider({ sampler, spanProcessors: [new SimpleSpanProcessor({ exporter })] }).getTracer('test');
  const telemetry = new PoolRequestTelemetry({
    pool: POOL,
    requestDuration,
    queueWait,
    tracer,
    samplingRatio,
    rootBudget,
    ...(random === undefined ? {} : { random }),
  });
  return { telemetry, reader, exporter };
}

function request(method: string | undefined, url: string | undefined, headers: IncomingMessage['headers'] = {}): IncomingMessage {
  return { method, url, headers } as IncomingMessage;
}

interface HistogramPoint {
  readonly attributes: Attributes;
  readonly count: number;
  readonly sum: number | undefined;
  readonly min: number | undefined;
  readonly max: number | undefined;
  readonly counts: readonly number[];
}

/** The points of histogram `name`, ordered by attributes, after checking each one's buckets add up to its count. */
async function histogram(reader: HistogramProducer, name: string): Promise<HistogramPoint[]> {
  const { resourceMetrics, errors } = await reader.collect();
  assert.deepEqual(errors, []);
  const metric = resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics).find((candidate) => candidate.descriptor.name === name);
  if (metric === undefined) return [];
  if (metric.dataPointType !== DataPointType.HISTOGRAM) assert.fail(`${name} is not a histogram`);
  const points = metric.dataPoints.map(({ attributes, value }) => {
    assert.equal(
      value.buckets.counts.reduce((sum, count) => sum + count, 0),
      value.count,
      `bucket counts of ${JSON.stringify(attributes)} add up to its count`,
    );
    return { attributes, count: value.count, sum: value.sum, min: value.min, max: value.max, counts: value.buckets.counts };
  });
  return points.sort((a, b) => JSON.stringify(a.attributes).localeCompare(JSON.stringify(b.attributes)));
}

/** Bucket counts over `boundaries` (plus the +Inf bucket) with `counts[index]` in the listed buckets and 0 elsewhere. */
function buckets(boundaries: readonly number[], counts: Readonly<Record<number, number>>): number[] {
  return Array.from({ length: boundaries.length + 1 }, (_, index) => counts[index] ?? 0);
}

function finishedNamed(exporter: InMemorySpanExporter, name: string): ReadableSpan[] {
  return exporter.getFinishedSpans().filter((span) => span.name === name);
}

function onlySpanNamed(exporter: InMemorySpanExporter, name: string): ReadableSpan {
  const spans = finishedNamed(exporter, name);
  assert.equal(spans.length, 1, `one finished span named ${name}`);
  return spans[0]!;
}

function eventsOf(span: ReadableSpan): { name: string; attributes: Attributes | undefined }[] {
  return span.events.map((event) => ({ name: event.name, attributes: event.attributes }));
}

describe('metricMethod', () => {
  describe('when the method is one the HTTP semantic conventions name', () => {
    for (const method of ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH']) {
      it(`keeps ${method} as it is`, () => {
        assert.equal(metricMethod(method), method);
      });
    }
  });

  describe('when the method is any other', () => {
    for (const method of ['PROPFIND', 'get', 'PURGE', '']) {
      it(`returns _OTHER for ${JSON.stringify(method)}`, () => {
        assert.equal(metricMethod(method), '_OTHER');
      });
    }

    it('returns _OTHER when the method is missing', () => {
      assert.equal(metricMethod(undefined), '_OTHER');
    });
  });
});

describe('PoolRequestTelemetry', () => {
  /** performance.now() as the telemetry and the SDK read it; each test moves it by hand. */
  let nowMs = 0;
  let diagMessages: string[] = [];

  beforeEach(() => {
    nowMs = 1000;
    performance.now = () => nowMs;
    diagMessages = [];
    const record = (message: string): void => {
      diagMessages.push(message);
    };
    const logger: DiagLogger = { error: record, warn: record, info: record, debug: record, verbose: record };
    diag.setLogger(logger, DiagLogLevel.WARN);
  });

  afterEach(() => {
    Reflect.deleteProperty(performance, 'now');
    diag.disable();
  });

  describe('when a request is dispatched once and served', () => {
    it('records one request duration from acceptance to end with pool, method, status and outcome', async () => {
      const { telemetry, reader } = harness(null);
      const observation = telemetry.begin(request('GET', '/x?q'));
      nowMs = 1250;
      telemetry.dispatched(observation, 1, 101, 1);
      nowMs = 1500;
      telemetry.end(observation, 'served', 200);
      assert.deepEqual(await histogram(reader, DURATION), [
        {
          attributes: { pool: POOL, 'http.request.method': 'GET', 'http.response.status_code': 200, outcome: 'served' },
          count: 1,
          sum: 0.5,
          min: 0.5,
          max: 0.5,
          counts: buckets(REQUEST_DURATION_BUCKETS_S, { 7: 1 }), // 0.5 s is the le="0.5" bucket
        },
      ]);
    });

    it('records the queue wait from acceptance to the first dispatch, labelled with the pool only', async () => {
      const { telemetry, reader } = harness(null);
      const observation = telemetry.begin(request('GET', '/x?q'));
      nowMs = 1250;
      telemetry.dispatched(observation, 1, 101, 1);
      nowMs = 1500;
      telemetry.end(observation, 'served', 200);
      assert.deepEqual(await histogram(reader, QUEUE_WAIT), [
        {
          attributes: { pool: POOL },
          count: 1,
          sum: 0.25,
          min: 0.25,
          max: 0.25,
          counts: buckets(QUEUE_WAIT_BUCKETS_S, { 6: 1 }), // 0.25 s is the le="0.25" bucket
        },
      ]);
    });

    it('records nothing before the request ends but its queue wait', async () => {
      const { telemetry, reader } = harness(null);
      const observation = telemetry.begin(request('GET', '/'));
      telemetry.dispatched(observation, 1, 101, 1);
      assert.deepEqual(await histogram(reader, DURATION), []);
      assert.equal((await histogram(reader, QUEUE_WAIT)).length, 1);
    });
  });

  describe('when requests end in every outcome', () => {
    /** Eight requests over six attribute sets; durations are exact binary fractions of a second. */
    function endInEveryOutcome(telemetry: PoolRequestTelemetry): void {
      const endAfter = (method: string, elapsedMs: number, outcome: RequestOutcome, statusCode: number | null): void => {
        const observation = telemetry.begin(request(method, '/'));
        nowMs += elapsedMs;
        telemetry.end(observation, outcome, statusCode);
      };
      endAfter('GET', 125, 'served', 200);
      endAfter('GET', 250, 'served', 200);
      endAfter('HEAD', 500, 'served', 503);
      endAfter('POST', 1000, 'lost', null);
      endAfter('GET', 2000, 'client_aborted', null);
      endAfter('GET', 2000, 'rejected', 503); // its pool stopped while it waited
      telemetry.rejected(request('GET', '/'), 503);
      telemetry.rejected(request('GET', '/'), null); // reset under TcpLevel
    }

    it('records one data point per attribute set, with its count and sum', async () => {
      const { telemetry, reader } = harness(null);
      endInEveryOutcome(telemetry);
      const points = await histogram(reader, DURATION);
      assert.deepEqual(
        points.map(({ attributes, count, sum }) => [attributes, count, sum]),
        [
          [{ pool: POOL, 'http.request.method': 'GET', 'http.response.status_code': 200, outcome: 'served' }, 2, 0.375],
          [{ pool: POOL, 'http.request.method': 'GET', 'http.response.status_code': 503, outcome: 'rejected' }, 2, 2],
          [{ pool: POOL, 'http.request.method': 'GET', outcome: 'client_aborted' }, 1, 2],
          [{ pool: POOL, 'http.request.method': 'GET', outcome: 'rejected' }, 1, 0],
          [{ pool: POOL, 'http.request.method': 'HEAD', 'http.response.status_code': 503, outcome: 'served' }, 1, 0.5],
          [{ pool: POOL, 'http.request.method': 'POST', outcome: 'lost' }, 1, 1],
        ],
      );
    });

    it('leaves http.response.status_code out of the attributes when the status is null', async () => {
      const { telemetry, reader } = harness(null);
      endInEveryOutcome(telemetry);
      const withoutStatus = (await histogram(reader, DURATION)).filter((point) => !('http.response.status_code' in point.attributes));
      assert.deepEqual(
        withoutStatus.map((point) => Object.keys(point.attributes).sort()),
        [
          ['http.request.method', 'outcome', 'pool'],
          ['http.request.method', 'outcome', 'pool'],
          ['http.request.method', 'outcome', 'pool'],
        ],
      );
    });

    it('records no queue wait for requests that were never dispatched (the pool series stays at 0)', async () => {
      const { telemetry, reader } = harness(null);
      endInEveryOutcome(telemetry);
      assert.deepEqual(await histogram(reader, QUEUE_WAIT), [
        { attributes: { pool: POOL }, count: 0, sum: 0, min: undefined, max: undefined, counts: buckets(QUEUE_WAIT_BUCKETS_S, {}) },
      ]);
    });
  });

  describe('when it draws the root sampling decision', () => {
    it('traces a request without traceparent when the draw is below the ratio, and not otherwise', () => {
      const draws = [0.49, 0.5, 0.51];
      const { telemetry, exporter } = harness(new ParentBasedSampler({ root: new AlwaysOnSampler() }), 0.5, () => draws.shift() ?? 1);
      const observations = [0, 1, 2].map(() => telemetry.begin(request('GET', '/')));
      assert.deepEqual(
        observations.map((observation) => observation.traceparent !== null),
        [true, false, false],
      );
      for (const observation of observations) telemetry.end(observation, 'served', 200);
      assert.equal(exporter.getFinishedSpans().length, 1);
    });

    it('does not draw for a request that carries a traceparent (its parent decides)', () => {
      let draws = 0;
      const { telemetry } = harness(new ParentBasedSampler({ root: new AlwaysOnSampler() }), 0, () => {
        draws++;
        return 0;
      });
      const observation = telemetry.begin(request('GET', '/', { traceparent: `00-${CLIENT_TRACE_ID}-${CLIENT_SPAN_ID}-01` }));
      assert.equal(draws, 0);
      assert.equal(observation.traceparent?.slice(0, 35), `00-${CLIENT_TRACE_ID}`);
    });
  });

  describe('when the per-second budget caps root traces', () => {
    const alwaysOnRoot = (): Sampler => new ParentBasedSampler({ root: new AlwaysOnSampler() });

    it('starts at most the budget per second from the requests the ratio selected', () => {
      const { telemetry, exporter } = harness(alwaysOnRoot(), 1, () => 0, new TraceBudget(2, nowMs));
      const traced = (): boolean[] =>
        [0, 1, 2].map(() => {
          const observation = telemetry.begin(request('GET', '/'));
          telemetry.end(observation, 'served', 200);
          return observation.traceparent !== null;
        });
      assert.deepEqual(traced(), [true, true, false]);
      nowMs += 500; // one token back at 2 per second
      assert.deepEqual(traced(), [true, false, false]);
      assert.equal(exporter.getFinishedSpans().length, 3);
    });

    it('takes nothing from the budget for requests the ratio left out', () => {
      const draws = [0.9, 0.9, 0.9, 0.1];
      const budget = new TraceBudget(1, nowMs);
      const { telemetry } = harness(alwaysOnRoot(), 0.5, () => draws.shift() ?? 1, budget);
      const observations = [0, 1, 2, 3].map(() => telemetry.begin(request('GET', '/')));
      assert.deepEqual(
        observations.map((observation) => observation.traceparent !== null),
        [false, false, false, true],
      );
      assert.equal(budget.tryTake(nowMs), false);
    });

    it('follows a sampled client traceparent when the budget is spent, without taking from it', () => {
      const budget = new TraceBudget(1, nowMs);
      assert.equal(budget.tryTake(nowMs), true);
      const { telemetry } = harness(alwaysOnRoot(), 1, () => 0, budget);
      const followed = telemetry.begin(request('GET', '/', { traceparent: `00-${CLIENT_TRACE_ID}-${CLIENT_SPAN_ID}-01` }));
      const root = telemetry.begin(request('GET', '/'));
      assert.deepEqual([followed.traceparent?.slice(0, 35), root.traceparent], [`00-${CLIENT_TRACE_ID}`, null]);
    });
  });

  describe('when a request is refused at the door', () => {
    it('records a zero duration in the first bucket with outcome rejected', async () => {
      const { telemetry, reader } = harness(null);
      nowMs = 5000;
      telemetry.rejected(request('POST', '/upload'), 503);
      assert.deepEqual(await histogram(reader, DURATION), [
        {
          attributes: { pool: POOL, 'http.request.method': 'POST', 'http.response.status_code': 503, outcome: 'rejected' },
          count: 1,
          sum: 0,
          min: 0,
          max: 0,
          counts: buckets(REQUEST_DURATION_BUCKETS_S, { 0: 1 }),
        },
      ]);
    });

    it('creates no span even when every request is sampled', () => {
      const { telemetry, exporter } = harness(new AlwaysOnSampler());
      telemetry.rejected(request('GET', '/'), 503);
      assert.deepEqual(exporter.getFinishedSpans(), []);
    });
  });

  describe('when the method is not one the conventions name', () => {
    it('records PROPFIND and a lower-case get under _OTHER', async () => {
      const { telemetry, reader } = harness(null);
      for (const method of ['PROPFIND', 'get']) telemetry.end(telemetry.begin(request(method, '/')), 'served', 207);
      assert.deepEqual(
        (await histogram(reader, DURATION)).map(({ attributes, count }) => ({ attributes, count })),
        [{ attributes: { pool: POOL, 'http.request.method': '_OTHER', 'http.response.status_code': 207, outcome: 'served' }, count: 2 }],
      );
    });

    it('names the span HTTP with http.request.method _OTHER', () => {
      const { telemetry, exporter } = harness(new AlwaysOnSampler());
      telemetry.end(telemetry.begin(request('PROPFIND', '/dav/a?depth=1')), 'served', 207);
      const span = onlySpanNamed(exporter, 'HTTP');
      assert.deepEqual(span.attributes, {
        'http.request.method': '_OTHER',
        'url.path': '/dav/a',
        'poolchaos.pool': POOL,
        'poolchaos.outcome': 'served',
        'http.response.status_code': 207,
      });
    });
  });

  describe('when a request is replayed after its worker died', () => {
    it('records the queue wait once, up to the first dispatch', async () => {
      const { telemetry, reader } = harness(null);
      const observation = telemetry.begin(request('GET', '/'));
      nowMs = 1250;
      telemetry.dispatched(observation, 1, 101, 1);
      nowMs = 1500;
      telemetry.retried(observation, 2);
      nowMs = 3000;
      telemetry.dispatched(observation, 2, 102, 2);
      nowMs = 3500;
      telemetry.end(observation, 'served', 200);
      assert.deepEqual(
        (await histogram(reader, QUEUE_WAIT)).map(({ attributes, count, sum }) => ({ attributes, count, sum })),
        [{ attributes: { pool: POOL }, count: 1, sum: 0.25 }],
      );
      assert.deepEqual(
        (await histogram(reader, DURATION)).map(({ count, sum }) => ({ count, sum })),
        [{ count: 1, sum: 2.5 }],
      );
    });
  });

  describe('when tracing is off', () => {
    it('returns a null traceparent and still records both histograms', async () => {
      const { telemetry, reader } = harness(null);
      const observation = telemetry.begin(request('GET', '/', { traceparent: `00-${CLIENT_TRACE_ID}-${CLIENT_SPAN_ID}-01` }));
      assert.equal(observation.traceparent, null);
      telemetry.dispatched(observation, 1, 101, 1);
      telemetry.retried(observation, 2);
      telemetry.chaosInjected('crash', 1, []);
      telemetry.end(observation, 'lost', null);
      assert.deepEqual([(await histogram(reader, DURATION)).length, (await histogram(reader, QUEUE_WAIT)).length], [1, 1]);
      assert.deepEqual(diagMessages, []);
    });
  });

  describe('when the sampler samples every request', () => {
    /** One GET accepted at 1000 ms, dispatched at 1250, replayed at 1500, dispatched again at 3000 and served at 3500. */
    function servedAfterReplay(): Harness & { traceparent: string | null } {
      const traced = harness(new AlwaysOnSampler());
      const { telemetry } = traced;
      const observation = telemetry.begin(request('GET', '/x?q'));
      nowMs = 1250;
      telemetry.dispatched(observation, 1, 101, 1);
      nowMs = 1500;
      telemetry.retried(observation, 2);
      nowMs = 3000;
      telemetry.dispatched(observation, 2, 102, 2);
      nowMs = 3500;
      telemetry.end(observation, 'served', 200);
      return { ...traced, traceparent: observation.traceparent };
    }

    it('returns the traceparent of its SERVER span with the sampled flag', () => {
      const { traceparent, exporter } = servedAfterReplay();
      const { traceId, spanId } = onlySpanNamed(exporter, 'GET').spanContext();
      assert.match(traceId, /^[0-9a-f]{32}$/);
      assert.match(spanId, /^[0-9a-f]{16}$/);
      assert.equal(traceparent, `00-${traceId}-${spanId}-01`);
    });

    it('ends a root SERVER span with the request attributes, an UNSET status and the whole duration', () => {
      const { exporter } = servedAfterReplay();
      const span = onlySpanNamed(exporter, 'GET');
      assert.equal(span.kind, SpanKind.SERVER);
      assert.equal(span.parentSpanContext, undefined);
      assert.deepEqual(span.attributes, {
        'http.request.method': 'GET',
        'url.path': '/x',
        'poolchaos.pool': POOL,
        'poolchaos.outcome': 'served',
        'http.response.status_code': 200,
      });
      assert.deepEqual(span.status, { code: SpanStatusCode.UNSET });
      assert.deepEqual(span.duration, [2, 500_000_000]);
    });

    it('makes one span: the queue wait is an event, not a child span', () => {
      const { exporter } = servedAfterReplay();
      assert.deepEqual(
        exporter.getFinishedSpans().map((span) => span.name),
        ['GET'],
      );
    });

    it('adds dispatch, retry and dispatch events in that order with their attempts', () => {
      const { exporter } = servedAfterReplay();
      assert.deepEqual(eventsOf(onlySpanNamed(exporter, 'GET')), [
        {
          name: 'poolchaos.dispatch',
          attributes: { 'poolchaos.worker.id': 1, 'process.pid': 101, 'poolchaos.attempt': 1, 'poolchaos.queue.wait.duration': 0.25 },
        },
        { name: 'poolchaos.retry', attributes: { 'poolchaos.attempt': 2 } },
        { name: 'poolchaos.dispatch', attributes: { 'poolchaos.worker.id': 2, 'process.pid': 102, 'poolchaos.attempt': 2 } },
      ]);
    });

    it('puts the first dispatch event at the end of the queue wait and ends the SERVER span only at end()', () => {
      const { telemetry, exporter } = harness(new AlwaysOnSampler());
      const observation = telemetry.begin(request('GET', '/'));
      nowMs = 1400;
      telemetry.dispatched(observation, 1, 101, 1);
      assert.deepEqual(exporter.getFinishedSpans(), []);
      nowMs = 1500;
      telemetry.end(observation, 'served', 200);
      const span = onlySpanNamed(exporter, 'GET');
      const dispatchAtMs = hrTimeToMilliseconds(span.events[0]!.time) - hrTimeToMilliseconds(span.startTime);
      assert.ok(Math.abs(dispatchAtMs - 400) < 0.01, `first dispatch ${String(dispatchAtMs)} ms after the start`);
      assert.equal(span.events[0]?.attributes?.['poolchaos.queue.wait.duration'], 0.4);
      assert.deepEqual(diagMessages, []);
    });

    it('takes url.path as / when the request has no url', () => {
      const { telemetry, exporter } = harness(new AlwaysOnSampler());
      telemetry.end(telemetry.begin(request('GET', undefined)), 'served', 200);
      assert.equal(onlySpanNamed(exporter, 'GET').attributes['url.path'], '/');
    });
  });

  describe('when a sampled request ends', () => {
    const cases: readonly [RequestOutcome, number | null, { code: SpanStatusCode; message?: string }][] = [
      ['served', 200, { code: SpanStatusCode.UNSET }],
      ['served', 404, { code: SpanStatusCode.UNSET }],
      ['served', 499, { code: SpanStatusCode.UNSET }],
      ['served', 500, { code: SpanStatusCode.ERROR, message: 'served' }],
      ['served', 503, { code: SpanStatusCode.ERROR, message: 'served' }],
      ['rejected', 503, { code: SpanStatusCode.ERROR, message: 'rejected' }],
      ['lost', null, { code: SpanStatusCode.ERROR, message: 'lost' }],
      ['client_aborted', null, { code: SpanStatusCode.ERROR, message: 'client_aborted' }],
    ];
    for (const [outcome, statusCode, status] of cases) {
      const statusName = status.code === SpanStatusCode.ERROR ? 'ERROR' : 'UNSET';
      it(`sets status ${statusName} when it ends ${outcome} with status ${String(statusCode)}`, () => {
        const { telemetry, exporter } = harness(new AlwaysOnSampler());
        telemetry.end(telemetry.begin(request('GET', '/')), outcome, statusCode);
        const span = onlySpanNamed(exporter, 'GET');
        assert.deepEqual(span.status, status);
        assert.equal(span.attributes['poolchaos.outcome'], outcome);
        assert.equal(span.attributes['http.response.status_code'], statusCode ?? undefined);
        assert.equal('http.response.status_code' in span.attributes, statusCode !== null);
      });
    }
  });

  describe('when the client sends a traceparent', () => {
    it('continues a sampled client trace under ParentBased with a root ratio of 0', () => {
      const { telemetry, exporter } = harness(new ParentBasedSampler({ root: new AlwaysOnSampler() }), 0);
      const observation = telemetry.begin(request('GET', '/', { traceparent: `00-${CLIENT_TRACE_ID}-${CLIENT_SPAN_ID}-01` }));
      telemetry.end(observation, 'served', 200);
      const span = onlySpanNamed(exporter, 'GET');
      const { traceId, spanId } = span.spanContext();
      assert.equal(traceId, CLIENT_TRACE_ID);
      assert.notEqual(spanId, CLIENT_SPAN_ID);
      assert.deepEqual(
        [span.parentSpanContext?.traceId, span.parentSpanContext?.spanId, span.parentSpanContext?.isRemote],
        [CLIENT_TRACE_ID, CLIENT_SPAN_ID, true],
      );
      assert.equal(observation.traceparent, `00-${CLIENT_TRACE_ID}-${spanId}-01`);
    });

    it('creates no span and returns a null traceparent when the client flag is 00, though the root ratio is 1', async () => {
      const { telemetry, exporter, reader } = harness(new ParentBasedSampler({ root: new AlwaysOnSampler() }), 1);
      const observation = telemetry.begin(request('GET', '/', { traceparent: `00-${CLIENT_TRACE_ID}-${CLIENT_SPAN_ID}-00` }));
      assert.equal(observation.traceparent, null);
      telemetry.dispatched(observation, 1, 101, 1);
      telemetry.chaosInjected('crash', 1, []);
      telemetry.end(observation, 'served', 200);
      assert.deepEqual(exporter.getFinishedSpans(), []);
      assert.equal((await histogram(reader, DURATION)).length, 1);
    });

    it('starts a new root trace when the client traceparent is malformed', () => {
      const { telemetry, exporter } = harness(new ParentBasedSampler({ root: new AlwaysOnSampler() }), 1);
      const observation = telemetry.begin(request('GET', '/', { traceparent: 'not-a-traceparent' }));
      telemetry.end(observation, 'served', 200);
      const span = onlySpanNamed(exporter, 'GET');
      assert.equal(span.parentSpanContext, undefined);
      assert.notEqual(span.spanContext().traceId, CLIENT_TRACE_ID);
      assert.equal(observation.traceparent, `00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`);
    });

    it('draws for a malformed traceparent like for none: no span at a ratio of 0', () => {
      const { telemetry, exporter } = harness(new ParentBasedSampler({ root: new AlwaysOnSampler() }), 0);
      const observation = telemetry.begin(request('GET', '/', { traceparent: 'not-a-traceparent' }));
      telemetry.end(observation, 'served', 200);
      assert.equal(observation.traceparent, null);
      assert.deepEqual(exporter.getFinishedSpans(), []);
    });
  });

  describe('when chaos is injected', () => {
    const CHAOS_EVENT = {
      name: 'poolchaos.chaos.injected',
      attributes: { 'poolchaos.chaos.kind': 'freeze', 'poolchaos.chaos.fault_id': 7 },
    };

    /** Three sampled GETs: /a on worker 1, /b on worker 2, /c still queued. */
    function threeInFlight(): Harness & { endAll: () => void } {
      const traced = harness(new AlwaysOnSampler());
      const { telemetry } = traced;
      const a = telemetry.begin(request('GET', '/a'));
      const b = telemetry.begin(request('GET', '/b'));
      const c = telemetry.begin(request('GET', '/c'));
      telemetry.dispatched(a, 1, 101, 1);
      telemetry.dispatched(b, 2, 102, 1);
      const endAll = (): void => {
        for (const observation of [a, b, c]) telemetry.end(observation, 'served', 200);
      };
      return { ...traced, endAll };
    }

    /** Event names of each finished SERVER span, by url.path. */
    function eventNamesByPath(exporter: InMemorySpanExporter): Record<string, string[]> {
      return Object.fromEntries(
        finishedNamed(exporter, 'GET').map((span) => [String(span.attributes['url.path']), span.events.map((event) => event.name)]),
      );
    }

    it('adds the event only to the spans of requests on the named workers', () => {
      const { telemetry, exporter, endAll } = threeInFlight();
      telemetry.chaosInjected('freeze', 7, [1, 3]);
      endAll();
      assert.deepEqual(eventNamesByPath(exporter), {
        '/a': ['poolchaos.dispatch', 'poolchaos.chaos.injected'],
        '/b': ['poolchaos.dispatch'],
        '/c': [],
      });
      assert.deepEqual(eventsOf(finishedNamed(exporter, 'GET').find((span) => span.attributes['url.path'] === '/a')!)[1], CHAOS_EVENT);
    });

    it('adds the event to every request in flight, queued ones included, when no worker is named', () => {
      const { telemetry, exporter, endAll } = threeInFlight();
      telemetry.chaosInjected('freeze', 7, []);
      endAll();
      assert.deepEqual(eventNamesByPath(exporter), {
        '/a': ['poolchaos.dispatch', 'poolchaos.chaos.injected'],
        '/b': ['poolchaos.dispatch', 'poolchaos.chaos.injected'],
        '/c': ['poolchaos.chaos.injected'],
      });
      assert.deepEqual(eventsOf(finishedNamed(exporter, 'GET').find((span) => span.attributes['url.path'] === '/c')!), [CHAOS_EVENT]);
    });

    it('follows a replayed request to the worker of its latest dispatch', () => {
      const { telemetry, exporter } = harness(new AlwaysOnSampler());
      const observation = telemetry.begin(request('GET', '/a'));
      telemetry.dispatched(observation, 1, 101, 1);
      telemetry.retried(observation, 2);
      telemetry.dispatched(observation, 3, 103, 2);
      telemetry.chaosInjected('freeze', 7, [1]);
      telemetry.chaosInjected('freeze', 8, [3]);
      telemetry.end(observation, 'served', 200);
      assert.deepEqual(
        eventsOf(onlySpanNamed(exporter, 'GET')).map((event) => [event.name, event.attributes?.['poolchaos.chaos.fault_id']]),
        [
          ['poolchaos.dispatch', undefined],
          ['poolchaos.retry', undefined],
          ['poolchaos.dispatch', undefined],
          ['poolchaos.chaos.injected', 8],
        ],
      );
    });

    it('leaves the spans of ended requests alone', () => {
      const { telemetry, exporter } = harness(new AlwaysOnSampler());
      const ended = telemetry.begin(request('GET', '/a'));
      const running = telemetry.begin(request('GET', '/b'));
      telemetry.dispatched(ended, 1, 101, 1);
      telemetry.dispatched(running, 1, 101, 1);
      telemetry.end(ended, 'served', 200);
      telemetry.chaosInjected('freeze', 7, [1]);
      telemetry.end(running, 'served', 200);
      assert.deepEqual(eventNamesByPath(exporter), {
        '/a': ['poolchaos.dispatch'],
        '/b': ['poolchaos.dispatch', 'poolchaos.chaos.injected'],
      });
      // An event on an ended span would be dropped with a diag warning: none was attempted.
      assert.deepEqual(diagMessages, []);
    });
  });
});
