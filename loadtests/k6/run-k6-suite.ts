/**
 * Runs the default suite's promises with k6: every chaos/scenarios/<promise>.yaml with a `k6` block
 * has a script, loadtests/k6/promises/<promise>.js, generated from it (`npm run k6:generate`; a stale one
 * stops the suite before anything starts). For each promise, the reference server started from the
 * scenario's server config (through the harness's own loader and server process, on loopback port
 * 0), then `bin/k6 run` of the script against it, whose thresholds must pass (exit 0). Then its
 * verdict-power run: the same script against the server with the scenario's verdictPower patch
 * deep-merged in (the protection switched off), whose thresholds must fail (exit 99), unless the
 * scenario's k6 block says `verdictPower: false` (crash-storm, which says why). Each run leaves in
 * out/k6: <run>.json (k6's NDJSON output), <run>.html (the web dashboard's report),
 * <run>-summary.json (the end-of-test summary) and <run>.log (k6's output).
 *
 * Every process a run starts is stopped before the next starts, and on SIGINT/SIGTERM.
 * CLI: `npm run k6:suite [-- --promise <name>]...`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, openSync, closeSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../../chaos/index.ts';
import { startServerProcess, type ServerProcess } from '../../chaos/run/server-process.ts';
import { callAdmin, type PoolStatus } from '../../server/index.ts';
import { listK6Promises, renderPromiseScripts, staleScripts, type K6Promise } from './promise-scripts.ts';

const REPO_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const K6_PATH = join(REPO_DIR, 'bin', 'k6');
/** Where every run's files land. */
export const OUT_DIR = join(REPO_DIR, 'out', 'k6');

/** What the suite needs of a promise: its name, scenario file, script, and whether it has a protection-off run. */
export type SuitePromise = Pick<K6Promise, 'name' | 'source' | 'script'> & {
  readonly scenario: Pick<K6Promise['scenario'], 'k6' | 'verdictPower'>;
};

/** k6's exit code when thresholds were crossed (errext/exitcodes). */
export const K6_THRESHOLDS_FAILED = 99;
/** A k6 run longer than this is stopped and counted as an error. */
const K6_RUN_LIMIT_MS = 180_000;
/** How long a started server's AlwaysRunning pools may take to have every worker ready. */
const POOLS_READY_TIMEOUT_MS = 20_000;
/** How long k6 may take to stop after SIGINT before it is killed. */
const K6_STOP_GRACE_MS = 5_000;

/** What a signal reaches: the stoppers of the processes running now, and whether to start no more. */
export interface SuiteControl {
  readonly stoppers: Set<() => Promise<void>>;
  isStopped: boolean;
}

/** One k6 run: a promise, with or without its protection. */
export interface RunPlan {
  readonly promise: string;
  readonly isProtectionOff: boolean;
}

/** How one run ended: k6's verdict and whether that is what the run must show. */
export interface RunResult {
  readonly plan: RunPlan;
  readonly exitCode: number | null;
  readonly verdict: 'passed' | 'thresholds failed' | 'error';
  readonly isAsExpected: boolean;
  /** Metrics whose thresholds were crossed, sorted. */
  readonly crossed: readonly string[];
  readonly figures: RunFigures | null;
  readonly error: string | null;
}

/** What a run measured. */
export interface RunFigures {
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly failed: number;
  readonly lost: number;
  readonly rejected: number;
  readonly recoveryMaxMs: number | null;
}

/** The runs for the chosen promises: each promise, then its protection-off run when it has one. */
export function planRuns(promises: readonly SuitePromise[]): RunPlan[] {
  return promises.flatMap(({ name, scenario }) => [
    { promise: name, isProtectionOff: false },
    ...(hasProtectionOffRun(scenario) ? [{ promise: name, isProtectionOff: true }] : []),
  ]);
}

/** Whether the promise has a verdict-power patch and its k6 block does not opt out of that run. */
export function hasProtectionOffRun(scenario: SuitePromise['scenario']): boolean {
  return scenario.verdictPower !== null && scenario.k6?.hasVerdictPowerRun === true;
}

/** The file name stem of a run's outputs. */
export function runName(plan: RunPlan): string {
  return plan.isProtectionOff ? `${plan.promise}-protection-off` : plan.promise;
}

/** Reads the CLI arguments: `--promise <name>` (repeatable) or `--help`. */
export function parseSuiteArgs<P extends SuitePromise>(
  argv: readonly string[],
  known: readonly P[],
): { isHelp: true } | { isHelp: false; promises: P[] } {
  if (argv.includes('--help') || argv.includes('-h')) return { isHelp: true };
  const promises: P[] = [];
  for (let index = 0; index < argv.length; index += 2) {
    const [flag, value] = [argv[index], argv[index + 1]];
    if (flag !== '--promise' || value === undefined) throw new Error(`k6:suite: unexpected argument ${String(flag)}\n${usage(known)}`);
    const promise = known.find((candidate) => candidate.name === value);
    if (promise === undefined) throw new Error(`k6:suite: no k6 script for promise "${value}"; the promises are ${names(known)}`);
    promises.push(promise);
  }
  return { isHelp: false, promises: promises.length === 0 ? [...known] : promises };
}

function names(promises: readonly SuitePromise[]): string {
  return promises.map((promise) => promise.name).join(', ');
}

function usage(known: readonly SuitePromise[]): string {
  return `usage: npm run k6:suite [-- --promise <name>]...
  runs loadtests/k6/promises/<promise>.js (generated from chaos/scenarios/<promise>.yaml's k6 block) against the
  reference server started with the scenario's server config (thresholds must pass), then with its
  verdictPower patch (thresholds must fail)
  promises: ${names(known)} (protection-off runs: ${names(known.filter((promise) => hasProtectionOffRun(promise.scenario)))})
  files: out/k6/<run>.json, .html, -summary.json, .log`;
}

/** One line for a run: `<run>: <verdict> (k6 exit N) as promised|as it must|UNEXPECTED; figures`. */
export function formatRunLine(result: RunResult): string {
  const { plan } = result;
  const label = plan.isProtectionOff ? `${plan.promise} protection-off` : plan.promise;
  const expected = plan.isProtectionOff ? 'as it must' : 'as promised';
  const head = `${label}: ${result.verdict} (k6 exit ${String(result.exitCode)}) ${result.isAsExpected ? expected : 'UNEXPECTED'}`;
  const parts = [head];
  const figures = result.figures;
  if (figures !== null) {
    const recovery = figures.recoveryMaxMs === null ? 'no recovery' : `recovery max ${figures.recoveryMaxMs.toFixed(0)} ms`;
    parts.push(
      `${String(figures.requests)} requests at ${figures.requestsPerSecond.toFixed(1)}/s, ${String(figures.failed)} failed (${String(figures.lost)} lost, ${String(figures.rejected)} rejected), ${recovery}`,
    );
  }
  if (result.crossed.length > 0) parts.push(`crossed: ${result.crossed.join(', ')}`);
  if (result.error !== null) parts.push(result.error);
  return parts.join('; ');
}

/** Runs one plan: server up, workers ready, k6, server down. Never throws; failures are `error`. */
export async function runPlan(plan: RunPlan, promise: SuitePromise, control: SuiteControl): Promise<RunResult> {
  const { stoppers } = control;
  let server: ServerProcess | null = null;
  const stopServer = async (): Promise<void> => {
    await server?.stop();
  };
  try {
    const scenario = await loadScenario(join(REPO_DIR, promise.source), { isBroken: plan.isProtectionOff });
    if (scenario.target.kind !== 'start') throw new Error(`${promise.source} does not start a server`);
    server = await startServerProcess(scenario.target.serverConfig, scenario.target.baseDir);
    stoppers.add(stopServer);
    await waitForReadyWorkers(server.adminUrl);
    if (control.isStopped) throw new Error('stopped by a signal before k6 started');
    const exitCode = await runK6(plan, join(REPO_DIR, promise.script), server, stoppers);
    return judge(plan, exitCode);
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { plan, exitCode: null, verdict: 'error', isAsExpected: false, crossed: [], figures: null, error: message ?? 'unknown error' };
  } finally {
    stoppers.delete(stopServer);
    await stopServer();
  }
}

/** Waits until every started AlwaysRunning pool has all its workers ready. */
async function waitForReadyWorkers(adminUrl: string): Promise<void> {
  const deadlineMs = Date.now() + POOLS_READY_TIMEOUT_MS;
  for (;;) {
    const { pools } = (await callAdmin({ url: adminUrl, token: null }, 'GET', '/pools')) as { pools: PoolStatus[] };
    const waiting = pools.filter(
      (pool) =>
        pool.state === 'Started' &&
        pool.startMode === 'AlwaysRunning' &&
        pool.workers.filter((worker) => worker.state === 'ready').length < pool.maxProcesses,
    );
    if (waiting.length === 0) return;
    if (Date.now() > deadlineMs)
      throw new Error(
        `pools ${waiting.map((pool) => pool.name).join(', ')} had not every worker ready within ${String(POOLS_READY_TIMEOUT_MS)}ms`,
      );
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Runs k6 with the JSON output, the summary export and the dashboard report; resolves with its exit code. */
async function runK6(plan: RunPlan, script: string, server: ServerProcess, stoppers: Set<() => Promise<void>>): Promise<number | null> {
  const stem = join(OUT_DIR, runName(plan));
  const args = ['run', '--quiet', '--no-color', '--out', `json=${stem}.json`, '--summary-export', `${stem}-summary.json`];
  args.push('-e', `FRONT_URL=${server.frontUrl}`, '-e', `ADMIN_URL=${server.adminUrl}`, script);
  const env = {
    ...process.env,
    K6_AUTO_EXTENSION_RESOLUTION: 'false',
    K6_NO_USAGE_REPORT: 'true',
    // The dashboard without its HTTP server (port -1), written as one HTML file at the end.
    K6_WEB_DASHBOARD: 'true',
    K6_WEB_DASHBOARD_PORT: '-1',
    K6_WEB_DASHBOARD_PERIOD: '1s',
    K6_WEB_DASHBOARD_EXPORT: `${stem}.html`,
  };
  const log = openSync(`${stem}.log`, 'w');
  const child = spawn(K6_PATH, args, { cwd: REPO_DIR, env, stdio: ['ignore', log, log] });
  closeSync(log);
  const stop = (): Promise<void> => stopK6(child);
  stoppers.add(stop);
  const limit = setTimeout(() => void stop(), K6_RUN_LIMIT_MS);
  try {
    return await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => resolve(code));
    });
  } finally {
    clearTimeout(limit);
    stoppers.delete(stop);
  }
}

async function stopK6(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGKILL'), K6_STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}

/** The verdict from k6's exit code, with the figures and crossed thresholds from its files. */
function judge(plan: RunPlan, exitCode: number | null): RunResult {
  const verdict = exitCode === 0 ? 'passed' : exitCode === K6_THRESHOLDS_FAILED ? 'thresholds failed' : 'error';
  const isAsExpected = verdict === (plan.isProtectionOff ? 'thresholds failed' : 'passed');
  const stem = join(OUT_DIR, runName(plan));
  try {
    const summary = JSON.parse(readFileSync(`${stem}-summary.json`, 'utf8')) as K6Summary;
    const error = verdict === 'error' ? `k6 failed; see ${relative(REPO_DIR, stem)}.log` : null;
    return {
      plan,
      exitCode,
      verdict,
      isAsExpected,
      crossed: crossedThresholds(summary),
      figures: readFigures(summary, `${stem}.json`),
      error,
    };
  } catch (error) {
    return {
      plan,
      exitCode,
      verdict: 'error',
      isAsExpected: false,
      crossed: [],
      figures: null,
      error: `no k6 summary (${(error as Error).message}); see ${relative(REPO_DIR, stem)}.log`,
    };
  }
}

/** The `--summary-export` file: per metric its aggregates and `thresholds: {expression: crossed}`. */
interface K6Summary {
  readonly metrics: Readonly<
    Record<string, Readonly<Record<string, unknown>> & { readonly thresholds?: Readonly<Record<string, boolean>> }>
  >;
}

/** Metrics (with their selectors) that have a crossed threshold, sorted. */
export function crossedThresholds(summary: K6Summary): string[] {
  return Object.entries(summary.metrics)
    .filter(([, metric]) => Object.values(metric.thresholds ?? {}).some((isCrossed) => isCrossed))
    .map(([name]) => name)
    .sort();
}

function readFigures(summary: K6Summary, ndjsonPath: string): RunFigures {
  const number = (metric: string, key: string): number => {
    const value = summary.metrics[metric]?.[key];
    return typeof value === 'number' ? value : 0;
  };
  const requests = number('http_reqs', 'count');
  const hasRecovery = number('poolchaos_recovery_duration', 'min') > 0;
  return {
    requests,
    requestsPerSecond: sendRate(ndjsonPath, requests),
    failed: number('http_req_failed', 'passes'),
    lost: number('requests_lost', 'count'),
    rejected: number('requests_rejected', 'count'),
    recoveryMaxMs: hasRecovery ? number('poolchaos_recovery_duration', 'max') : null,
  };
}

/** Requests per second over the load's span (k6's own http_reqs rate divides by the whole run, event follower included). */
function sendRate(ndjsonPath: string, requests: number): number {
  let firstMs = Infinity;
  let lastMs = -Infinity;
  for (const line of readFileSync(ndjsonPath, 'utf8').split('\n')) {
    if (!line.startsWith('{"metric":"http_reqs","type":"Point"')) continue;
    const timeMs = Date.parse((JSON.parse(line) as { data: { time: string } }).data.time);
    firstMs = Math.min(firstMs, timeMs);
    lastMs = Math.max(lastMs, timeMs);
  }
  return lastMs > firstMs ? ((requests - 1) * 1000) / (lastMs - firstMs) : 0;
}

/** Builds bin/k6 when it is missing (`node loadtests/k6/build-k6.ts`). */
async function ensureK6(control: SuiteControl): Promise<void> {
  if (existsSync(K6_PATH)) return;
  console.log('k6:suite: bin/k6 is missing; building it (npm run k6:build)');
  const child = spawn(process.execPath, [join(REPO_DIR, 'loadtests', 'k6', 'build-k6.ts')], { cwd: REPO_DIR, stdio: 'inherit' });
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited.catch(() => null);
  };
  control.stoppers.add(stop);
  try {
    const code = await exited;
    if (code !== 0) throw new Error(`k6:suite: building bin/k6 failed (exit ${String(code)})`);
  } finally {
    control.stoppers.delete(stop);
  }
}

/** Runs every plan in turn, printing a line each; returns the results. Refuses stale scripts. */
export async function runSuite(promises: readonly K6Promise[], control: SuiteControl): Promise<RunResult[]> {
  const stale = await staleScripts(renderPromiseScripts(promises));
  if (stale.length > 0) throw new Error(`k6:suite: ${stale.join(', ')} differ from what their scenario generates; run npm run k6:generate`);
  await ensureK6(control);
  mkdirSync(OUT_DIR, { recursive: true });
  const results: RunResult[] = [];
  for (const plan of planRuns(promises)) {
    if (control.isStopped) break;
    const promise = promises.find((candidate) => candidate.name === plan.promise);
    if (promise === undefined) continue;
    const result = await runPlan(plan, promise, control);
    console.log(formatRunLine(result));
    results.push(result);
  }
  return results;
}

/** The closing lines: promises and protection-off runs, then the plain `N passed, N failed` line. */
export function formatSummary(results: readonly RunResult[]): string {
  const count = (isProtectionOff: boolean, isAsExpected: boolean): number =>
    results.filter((result) => result.plan.isProtectionOff === isProtectionOff && result.isAsExpected === isAsExpected).length;
  return [
    `k6 suite: ${String(count(false, true))} promises passed, ${String(count(false, false))} did not; ${String(count(true, true))} protection-off runs failed their thresholds, ${String(count(true, false))} did not`,
    `${String(results.filter((result) => result.isAsExpected).length)} passed, ${String(results.filter((result) => !result.isAsExpected).length)} failed`,
  ].join('\n');
}

async function main(argv: readonly string[]): Promise<number> {
  const known = await listK6Promises();
  let options: ReturnType<typeof parseSuiteArgs<K6Promise>>;
  try {
    options = parseSuiteArgs(argv, known);
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  if (options.isHelp) {
    console.log(usage(known));
    return 0;
  }
  const control: SuiteControl = { stoppers: new Set(), isStopped: false };
  let signalExitCode: number | null = null;
  // The first signal stops what runs and starts nothing more; the run in progress then unwinds
  // through its own cleanup. A second one gets the default action.
  const onSignal = (signal: NodeJS.Signals): void => {
    console.error(`k6:suite: ${signal}; stopping k6 and the server`);
    control.isStopped = true;
    signalExitCode = signal === 'SIGINT' ? 130 : 143;
    for (const stop of control.stoppers) void stop();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const results = await runSuite(options.promises, control);
    if (signalExitCode !== null) return signalExitCode;
    console.log(formatSummary(results));
    return results.every((result) => result.isAsExpected) ? 0 : 1;
  } catch (error) {
    console.error((error as Error).message);
    return 1;
  } finally {
    await Promise.allSettled([...control.stoppers].map((stop) => stop()));
  }
}

if (import.meta.main) process.exitCode = await main(process.argv.slice(2));
