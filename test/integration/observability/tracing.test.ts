import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SpanKind } from '@opentelemetry/api';
import { hrTimeToMilliseconds } from '@opentelemetry/core';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { request } from '../../helpers/http-client.ts';
import { startTestServer, waitUntil, type TestServer } from '../../helpers/test-server.ts';

/** Keeps its spans through shutdown, which is when the front flushes them. */
class KeptSpansExporter extends InMemorySpanExporter {
  override shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** A span as an OTLP/HTTP JSON export carries it (ids in hex). */
interface OtlpSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly name: string;
  readonly kind: number;
  readonly attributes: readonly { readonly key: string; readonly value: Record<string, unknown> }[];
}

interface OtlpExport {
  readonly resourceSpans: readonly {
    readonly resource: { readonly attributes: readonly { readonly key: string; readonly value: Record<string, unknown> }[] };
    readonly scopeSpans: readonly { readonly spans: readonly OtlpSpan[] }[];
  }[];
}

/** A loopback OTLP/HTTP receiver standing in for a trace backend; the workers export to it. */
class OtlpReceiver {
  readonly spans: OtlpSpan[] = [];
  readonly resources: Record<string, unknown>[] = [];
  readonly #server: Server;

  constructor() {
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpExport;
        for (const resourceSpans of body.resourceSpans) {
          this.resources.push(
            Object.fromEntries(resourceSpans.resource.attributes.map((entry) => [entry.key, Object.values(entry.value)[0]])),
          );
          for (const scope of resourceSpans.scopeSpans) this.spans.push(...scope.spans);
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
  }

  listen(): Promise<string> {
    return new Promise((resolve) => {
      this.#server.listen(0, '127.0.0.1', () =>
        resolve(`http://127.0.0.1:${String((this.#server.address() as AddressInfo).port)}/v1/traces`),
      );
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}

const CLIENT_TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const CLIENT_SPAN_ID = 'b7ad6b7169203331';

function tracedConfig(samplingRatio: number): Record<string, unknown> {
  return {
    telemetry: { traces: { samplingRatio } },
    pools: { web: { maxProcesses: 1, startMode: 'AlwaysRunning', processModel: { shutdownTimeLimit: 2000 } } },
    apps: [{ path: '/', pool: 'web', module: 'misbehave.ts' }],
  };
}

function attribute(span: OtlpSpan, key: string): unknown {
  const entry = span.attributes.find((candidate) => candidate.key === key);
  return entry === undefined ? undefined : Object.values(entry.value)[0];
}

describe('tracing across the front and a worker', function () {
  this.timeout(30_000);
  let receiver: OtlpReceiver;
  let test: TestServer | null = null;
  const savedEnv = { ...process.env };

  beforeEach(async () => {
    receiver = new OtlpReceiver();
    // Workers inherit the front's environment at fork: this is how they learn where spans go.
    process.env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'] = await receiver.listen();
  });

  afterEach(async () => {
    await test?.stop();
    test = null;
    await receiver.close();
    process.env = { ...savedEnv };
  });

  async function startTraced(samplingRatio: number, exporter: InMemorySpanExporter): Promise<TestServer> {
    const started = await startTestServer(tracedConfig(samplingRatio), { spanExporter: exporter });
    const supervisor = started.server.pools.get('web')!.supervisor;
    await waitUntil(() => supervisor.workers.some((worker) => worker.state === 'ready'), 10_000, 'a ready worker');
    return started;
  }

  describe('when the front samples a request', () => {
    it('gives the front and worker spans one trace id, the worker span parented by the front SERVER span', async () => {
      const front = new KeptSpansExporter();
      test = await startTraced(1, front);
      const worker = test.server.pools.get('web')!.supervisor.workers[0]!;
      assert.equal((await request(`${test.url}/traced?q=1`)).status, 200);
      await test.stop(); // drains the worker (which flushes its spans) and flushes the front's
      await waitUntil(() => receiver.spans.length > 0, 5_000, 'the worker span at the receiver');

      const frontSpans: ReadableSpan[] = front.getFinishedSpans();
      assert.deepEqual(
        frontSpans.map((span) => span.name),
        ['GET'],
      );
      const server = frontSpans[0]!;
      assert.equal(server.kind, SpanKind.SERVER);
      assert.equal(server.parentSpanContext, undefined);
      assert.deepEqual(server.attributes, {
        'http.request.method': 'GET',
        'url.path': '/traced',
        'poolchaos.pool': 'web',
        'poolchaos.outcome': 'served',
        'http.response.status_code': 200,
      });
      const [dispatch, ...otherEvents] = server.events;
      assert.deepEqual(otherEvents, []);
      const { 'poolchaos.queue.wait.duration': waitedSec, ...dispatchAttributes } = dispatch?.attributes ?? {};
      assert.deepEqual(
        [dispatch?.name, dispatchAttributes],
        ['poolchaos.dispatch', { 'poolchaos.worker.id': worker.id, 'process.pid': worker.pid, 'poolchaos.attempt': 1 }],
      );
      // The wait ends at the dispatch event, inside the request's span.
      assert.equal(typeof waitedSec, 'number');
      assert.ok(
        (waitedSec as number) >= 0 && (waitedSec as number) * 1000 <= hrTimeToMilliseconds(server.duration),
        `queue wait ${String(waitedSec)} s`,
      );

      assert.equal(receiver.spans.length, 1);
      const workerSpan = receiver.spans[0]!;
      assert.equal(workerSpan.traceId, server.spanContext().traceId);
      assert.equal(workerSpan.parentSpanId, server.spanContext().spanId);
      assert.equal(workerSpan.kind, 2); // OTLP SPAN_KIND_SERVER
      assert.equal(attribute(workerSpan, 'http.response.status_code'), 200);
      assert.equal(receiver.resources[0]?.['poolchaos.pool'], 'web');
      assert.equal(receiver.resources[0]?.['poolchaos.worker.id'], worker.id);
    });
  });

  describe('when the client sends a sampled traceparent', () => {
    it("continues the client's trace even with a sampling ratio of 0", async () => {
      const front = new KeptSpansExporter();
      test = await startTraced(0, front);
      const traceparent = `00-${CLIENT_TRACE_ID}-${CLIENT_SPAN_ID}-01`;
      assert.equal((await request(`${test.url}/`, { headers: { traceparent } })).status, 200);
      await test.stop();
      await waitUntil(() => receiver.spans.length > 0, 5_000, 'the worker span at the receiver');

      const server = front.getFinishedSpans().find((span) => span.name === 'GET')!;
      assert.equal(server.spanContext().traceId, CLIENT_TRACE_ID);
      assert.equal(server.parentSpanContext?.spanId, CLIENT_SPAN_ID);
      assert.deepEqual(
        receiver.spans.map((span) => [span.traceId, span.parentSpanId]),
        [[CLIENT_TRACE_ID, server.spanContext().spanId]],
      );
    });
  });

  describe('when the front does not sample', () => {
    it('records no span at the front or in the worker', async () => {
      const front = new KeptSpansExporter();
      test = await startTraced(0, front);
      for (let i = 0; i < 5; i++) assert.equal((await request(`${test.url}/?n=${i}`)).status, 200);
      await test.stop();
      assert.deepEqual(front.getFinishedSpans(), []);
      assert.deepEqual(receiver.spans, []);
    });
  });
});
