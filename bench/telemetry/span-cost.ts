/**
 * `npm run bench:span-cost`: what one request costs the front's telemetry in-process, without
 * sockets, other processes or a shared machine in the way. Side by side in one run: the front's
 * request observer (server/telemetry/pool-request-telemetry.ts) with metrics on and the request
 * untraced, then traced (one SERVER span with its dispatch event, ended into a real
 * BatchSpanProcessor whose exporter discards); then serialising those spans to OTLP JSON and to OTLP
 * protobuf, per span. Each figure is the best of 5 passes of 50,000 requests, so a pass that the
 * machine interrupted does not count. Output: a table and the ratios between its rows.
 */
import type { IncomingMessage } from 'node:http';
import { performance } from 'node:perf_hooks';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOnSampler,
  BatchSpanProcessor,
  ParentBasedSampler,
  TracerProvider,
  type ReadableSpan,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace';
import { QUEUE_WAIT_BUCKETS_S, REQUEST_DURATION_BUCKETS_S } from '../../server/telemetry/metric-catalogue.ts';
import { PoolRequestTelemetry } from '../../server/telemetry/pool-request-telemetry.ts';
import { ExplicitHistogram } from '../../server/telemetry/request-histograms.ts';

const REQUESTS_PER_PASS = 50_000;
const PASSES = 5;
const EXPORT_BATCH_SIZE = 512;

const REQUEST = { method: 'GET', url: '/', headers: { host: '127.0.0.1' } } as unknown as IncomingMessage;

/** Discards every batch, so the figure is the front's work up to the exporter. */
const discardingExporter: SpanExporter = {
  export: (_spans, done) => done({ code: 0 }),
  shutdown: () => Promise.resolve(),
};

/** Keeps ended spans for the serialisation rows. */
function keepingProcessor(kept: ReadableSpan[]): SpanProcessor {
  return {
    onStart: () => undefined,
    onEnd: (span) => kept.push(span),
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  };
}

/** Best µs per request over the passes; yields to the event loop every 1,000 requests (the batch timer runs). */
async function microsPerRequest(samplingRatio: number, kept: ReadableSpan[]): Promise<number> {
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'poolchaos' }),
    sampler: new ParentBasedSampler({ root: new AlwaysOnSampler() }),
    spanProcessors: [new BatchSpanProcessor({ exporter: discardingExporter }), keepingProcessor(kept)],
  });
  let best = Infinity;
  for (let pass = 0; pass < PASSES; pass++) {
    kept.length = 0;
    const telemetry = new PoolRequestTelemetry({
      pool: 'bench',
      requestDuration: new ExplicitHistogram('http.server.request.duration', REQUEST_DURATION_BUCKETS_S),
      queueWait: new ExplicitHistogram('poolchaos.queue.wait.duration', QUEUE_WAIT_BUCKETS_S),
      tracer: provider.getTracer('bench'),
      samplingRatio,
      rootBudget: null,
    });
    const startedAtMs = performance.now();
    for (let i = 0; i < REQUESTS_PER_PASS; i++) {
      const observation = telemetry.begin(REQUEST);
      telemetry.dispatched(observation, 1, 101, 1);
      telemetry.end(observation, 'served', 200);
      if (i % 1000 === 999) await yieldToLoop();
    }
    best = Math.min(best, ((performance.now() - startedAtMs) * 1000) / REQUESTS_PER_PASS);
  }
  await provider.shutdown();
  return best;
}

/** Best µs per span to serialise `spans` in export batches, and the bytes per span. */
function serialisationCost(
  spans: readonly ReadableSpan[],
  serialize: (batch: ReadableSpan[]) => Uint8Array | undefined,
): { micros: number; bytes: number } {
  let best = Infinity;
  let bytes = 0;
  for (let pass = 0; pass < PASSES; pass++) {
    bytes = 0;
    const startedAtMs = performance.now();
    for (let i = 0; i < spans.length; i += EXPORT_BATCH_SIZE) bytes += serialize(spans.slice(i, i + EXPORT_BATCH_SIZE))?.length ?? 0;
    best = Math.min(best, ((performance.now() - startedAtMs) * 1000) / spans.length);
  }
  return { micros: best, bytes: bytes / spans.length };
}

async function main(): Promise<void> {
  console.log(
    `span cost: best of ${String(PASSES)} passes of ${REQUESTS_PER_PASS.toLocaleString('en-US')} requests each, Node ${process.version}`,
  );
  const kept: ReadableSpan[] = [];
  const untraced = await microsPerRequest(0, kept);
  const traced = await microsPerRequest(1, kept);
  const spans = [...kept];
  const json = serialisationCost(spans, (batch) => JsonTraceSerializer.serializeRequest(batch));
  const protobuf = serialisationCost(spans, (batch) => ProtobufTraceSerializer.serializeRequest(batch));
  const rows: [string, string, string][] = [
    ['front observer, request untraced (metrics on)', untraced.toFixed(2), '-'],
    ['front observer, request traced (1 span, 1 event)', traced.toFixed(2), '-'],
    ['OTLP JSON serialisation, per span', json.micros.toFixed(2), json.bytes.toFixed(0)],
    ['OTLP protobuf serialisation, per span', protobuf.micros.toFixed(2), protobuf.bytes.toFixed(0)],
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  console.log(`\n${'what'.padEnd(width)}  µs each  bytes/span`);
  for (const [name, micros, bytes] of rows) console.log(`${name.padEnd(width)}  ${micros.padStart(7)}  ${bytes.padStart(10)}`);
  console.log(
    `\ntraced ÷ untraced: ${(traced / untraced).toFixed(1)}×; protobuf ÷ JSON: ${(protobuf.micros / json.micros).toFixed(2)}× the CPU, ${(protobuf.bytes / json.bytes).toFixed(2)}× the bytes`,
  );
}

if (import.meta.main) {
  try {
    await main();
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}
