/**
 * The poolchaos targets: `node bin/poolchaos.js serve --config <generated yaml>` with one pool of 2
 * workers started eagerly (AlwaysRunning). Ready when `serve` has printed its front and admin URLs,
 * the admin API lists 2 workers in state `ready` for the pool, and a GET through the front answers.
 *
 * Three variants differ only in telemetry: `poolchaos` (the server's defaults: metrics on, no span
 * exporter), `poolchaos-no-telemetry` (`telemetry.metrics: false`) and `poolchaos-traced` (metrics on,
 * 5% of requests traced within the per-second cap, exported over OTLP/HTTP to a loopback sink).
 * OTEL_* variables of the runner's environment never reach the server, so only the traced variant
 * exports spans.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { stringify } from 'yaml';
import type { RunningTarget, TargetContext } from './target-context.ts';
import { httpGet, pollUntil, waitForHello } from './http-probe.ts';
import { sumSamples } from './prometheus-text.ts';
import { startTraceSink } from './trace-sink.ts';
import type { TraceSink } from './trace-sink.ts';

const POOL_NAME = 'bench';
const WORKER_COUNT = 2;
const START_TIMEOUT_MS = 20_000;
const FRONT_LINE = /front listening on (http:\/\/[^\s/]+)/;
const ADMIN_LINE = /admin listening on (http:\/\/[^\s/]+)/;
/** The front's request histogram count in the exposition: one series per pool, method, status, outcome. */
const REQUEST_COUNT_SAMPLE = 'http_server_request_duration_count';
const SCRAPE_TIMEOUT_MS = 10_000;
/** Wait before reading the sink: the BatchSpanProcessor's default 5 s export delay plus 1 s. */
const SPAN_FLUSH_WAIT_MS = 6_000;

/** What distinguishes the poolchaos variants. */
interface PoolchaosVariant {
  /** Child process name. */
  readonly name: string;
  /** The config's `telemetry` section; null leaves it out (the server's defaults). */
  readonly telemetry: Readonly<Record<string, unknown>> | null;
  readonly shouldExportTraces: boolean;
}

/** The server config the benchmark runs poolchaos with (file format of `serve --config`). */
export function renderPoolchaosConfig(helloModulePath: string, telemetry: Readonly<Record<string, unknown>> | null = null): string {
  return stringify({
    listen: { host: '127.0.0.1', port: 0 },
    admin: { host: '127.0.0.1', port: 0 },
    log: { level: 'warn' },
    pools: { [POOL_NAME]: { maxProcesses: WORKER_COUNT, startMode: 'AlwaysRunning' } },
    apps: [{ path: '/', pool: POOL_NAME, module: helloModulePath }],
    ...(telemetry === null ? {} : { telemetry }),
  });
}

/** The server's environment: the runner's without any OTEL_* variable, plus `otel`. */
export function serverEnv(base: NodeJS.ProcessEnv, otel: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(base).filter(([key]) => !key.startsWith('OTEL_')));
  return { ...env, ...otel };
}

interface PoolStatus {
  readonly workers: readonly { readonly state?: unknown; readonly pid?: unknown }[];
}

function isPoolStatus(value: unknown): value is PoolStatus {
  return typeof value === 'object' && value !== null && Array.isArray((value as { workers?: unknown }).workers);
}

/** Resolves with the pool status once `GET /pools/bench` lists 2 ready workers. */
async function waitForReadyWorkers(adminOrigin: string, abortIf: () => string | null): Promise<PoolStatus> {
  const url = `${adminOrigin}/pools/${POOL_NAME}`;
  return pollUntil(
    `poolchaos pool ${POOL_NAME} (${url})`,
    START_TIMEOUT_MS,
    async () => {
      const response = await httpGet(url);
      if (response.status !== 200) throw new Error(`GET ${url} answered ${String(response.status)} ${response.body.slice(0, 200)}`);
      const status: unknown = JSON.parse(response.body);
      if (!isPoolStatus(status)) throw new Error(`GET ${url}: no "workers" array in ${response.body.slice(0, 200)}`);
      const readyCount = status.workers.filter((worker) => worker.state === 'ready').length;
      return readyCount === WORKER_COUNT && status.workers.length === WORKER_COUNT ? status : null;
    },
    abortIf,
  );
}

/** What one `GET <admin>/metrics` after the run showed of the front's request histogram. */
interface RequestCountScrape {
  readonly status: number;
  readonly sample: string;
  readonly seriesCount: number;
  /** Requests recorded, summed over the series; null when /metrics did not answer 200. */
  readonly countTotal: number | null;
  /** Each series' count by its label set. */
  readonly series: Readonly<Record<string, number>>;
}

/** The front's request count at `GET <admin>/metrics`; a 404 (metrics off) reads as 0 series. */
async function scrapeRequestCount(adminOrigin: string): Promise<RequestCountScrape> {
  const response = await httpGet(`${adminOrigin}/metrics`, SCRAPE_TIMEOUT_MS);
  const sum = response.status === 200 ? sumSamples(response.body, REQUEST_COUNT_SAMPLE) : { series: [], total: null };
  return {
    status: response.status,
    sample: REQUEST_COUNT_SAMPLE,
    seriesCount: sum.series.length,
    countTotal: sum.total,
    series: Object.fromEntries(sum.series.map((sample) => [sample.labelText, sample.value])),
  };
}

/** After the measured run: scrape /metrics once, then (traced) let the spans flush and read the sink. */
async function collectAfterRun(
  context: TargetContext,
  adminOrigin: string,
  sink: TraceSink | null,
): Promise<Readonly<Record<string, unknown>>> {
  const metricsScrape = await scrapeRequestCount(adminOrigin);
  context.progress(
    `after run: GET /metrics ${String(metricsScrape.status)}, ${String(metricsScrape.seriesCount)} series of ${REQUEST_COUNT_SAMPLE}, ` +
      `total ${String(metricsScrape.countTotal)}`,
  );
  if (sink === null) return { metricsScrape };
  const atRunEnd = await sink.readTally();
  await sleep(SPAN_FLUSH_WAIT_MS);
  const tally = await sink.readTally();
  context.progress(
    `after run: otlp-sink received ${String(tally.spans)} spans in ${String(tally.requests)} exports ` +
      `(${String(atRunEnd.spans)} already at the end of the run, the rest within the ${String(SPAN_FLUSH_WAIT_MS)} ms flush wait)`,
  );
  return { metricsScrape, traceSink: { spansAtRunEnd: atRunEnd.spans, flushWaitMs: SPAN_FLUSH_WAIT_MS, ...tally } };
}

async function startVariant(context: TargetContext, variant: PoolchaosVariant): Promise<RunningTarget> {
  const binPath = join(context.repoRoot, 'bin', 'poolchaos.js');
  if (!existsSync(binPath)) {
    throw new Error('bin/poolchaos.js does not exist yet, so `poolchaos serve` cannot be benchmarked; the other targets still run');
  }
  const sink = variant.shouldExportTraces ? await startTraceSink(context) : null;
  const otel: Record<string, string> =
    sink === null ? {} : { OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: sink.tracesEndpoint };
  const config = renderPoolchaosConfig(context.helloModulePath, variant.telemetry);
  const configPath = join(context.tempDir, 'poolchaos.yaml');
  writeFileSync(configPath, config);
  const args = [binPath, 'serve', '--config', configPath];
  const child = context.children.start(variant.name, context.nodePath, args, { cwd: context.repoRoot, env: serverEnv(process.env, otel) });
  const [front, admin] = await context.children.waitForLines(child, [FRONT_LINE, ADMIN_LINE], START_TIMEOUT_MS);
  const frontOrigin = front?.[1];
  const adminOrigin = admin?.[1];
  if (frontOrigin === undefined || adminOrigin === undefined) throw new Error('poolchaos: listening lines without URLs');
  context.progress(`front ${frontOrigin}, admin ${adminOrigin}; waiting for ${String(WORKER_COUNT)} ready workers`);
  const abortIf = (): string | null =>
    child.exit === null ? null : `poolchaos exited while starting; last output:\n${child.recentLines.slice(-15).join('\n')}`;
  const status = await waitForReadyWorkers(adminOrigin, abortIf);
  const url = `${frontOrigin}/`;
  await waitForHello(url, START_TIMEOUT_MS, abortIf);
  return {
    url,
    details: {
      pid: child.pid,
      adminUrl: adminOrigin,
      workerPids: status.workers.map((worker) => worker.pid ?? null),
      command: [context.nodePath, ...args],
      config,
      otelEnv: otel,
      ...(sink === null ? {} : { traceSinkPid: sink.pid }),
    },
    collectAfterRun: () => collectAfterRun(context, adminOrigin, sink),
  };
}

/** `poolchaos`: the server's default telemetry (metrics on; no span exporter, so no spans). */
export function startPoolchaos(context: TargetContext): Promise<RunningTarget> {
  return startVariant(context, { name: 'poolchaos', telemetry: null, shouldExportTraces: false });
}

/** `poolchaos-no-telemetry`: `telemetry.metrics: false` and no span exporter, so the dispatcher has no observer. */
export function startPoolchaosNoTelemetry(context: TargetContext): Promise<RunningTarget> {
  return startVariant(context, { name: 'poolchaos-no-telemetry', telemetry: { metrics: false }, shouldExportTraces: false });
}

/** The `telemetry` section of poolchaos-traced: metrics on, the given ratio, and the cap when one is given. */
export function tracedTelemetry(samplingRatio: number, maxPerSecond: number | null): Readonly<Record<string, unknown>> {
  return { metrics: true, traces: { samplingRatio, ...(maxPerSecond === null ? {} : { maxPerSecond }) } };
}

/**
 * `poolchaos-traced`: metrics on, traces sampled at --trace-ratio (0.05), capped at
 * --trace-max-per-second (the server's 50 by default), exported over OTLP/HTTP JSON to a loopback sink.
 */
export function startPoolchaosTraced(context: TargetContext): Promise<RunningTarget> {
  return startVariant(context, {
    name: 'poolchaos-traced',
    telemetry: tracedTelemetry(context.traceSamplingRatio, context.traceMaxPerSecond),
    shouldExportTraces: true,
  });
}
