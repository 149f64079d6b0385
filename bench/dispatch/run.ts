/**
 * `npm run bench:dispatch`: the cost of the dispatch hop. Serves one hello-world handler through
 * poolchaos, nginx, a Node cluster and a plain Node process, one target after another, loads each
 * with the same wrk command on 127.0.0.1, prints a table of ratios to a baseline target and writes
 * every figure to a JSON file. `npm run bench:telemetry` runs the same with the poolchaos telemetry
 * variants (off, metrics, metrics + exported traces) against telemetry off.
 * Every child process is killed and the temp folder removed on every way out (end, error, SIGINT).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureAptPackages } from '../../scripts/ensure-apt.ts';
import { ChildProcesses } from './child-processes.ts';
import { describeEnvironment } from './environment.ts';
import { measureTarget } from './measure-target.ts';
import type { MeasureSetup } from './measure-target.ts';
import { USAGE, UsageError, parseBenchOptions } from './options.ts';
import type { BenchOptions } from './options.ts';
import { comparedTargets, renderTable, withRatios } from './report-table.ts';
import type { TargetOutcome } from './report-table.ts';
import { TARGETS } from './targets.ts';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const HELLO_MODULE_PATH = fileURLToPath(new URL('./hello.ts', import.meta.url));

/** Kills children and removes the temp folder on exit, SIGINT and SIGTERM. */
function installCleanup(children: ChildProcesses, tempRoot: string): void {
  process.once('exit', () => {
    children.killAllNow();
    rmSync(tempRoot, { recursive: true, force: true });
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: stopping every child process`);
      void children.shutDown(1_000).finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
    });
  }
}

function locateTools(options: BenchOptions): { wrkPath: string; nginxPath: string | null } {
  const needsNginx = options.targets.includes('nginx');
  const paths = ensureAptPackages([
    { binary: 'wrk', packageName: 'wrk' },
    ...(needsNginx ? [{ binary: 'nginx', packageName: 'nginx' }] : []),
  ]);
  const wrkPath = paths.get('wrk');
  if (wrkPath === undefined) throw new Error('wrk not found');
  return { wrkPath, nginxPath: paths.get('nginx') ?? null };
}

function writeReport(options: BenchOptions, setup: MeasureSetup, outcomes: readonly TargetOutcome[], startedAt: Date): string {
  const jsonPath = resolve(options.jsonPath);
  const report = {
    benchmark: 'dispatch',
    timestamp: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    commandLine: process.argv,
    options: {
      durationSec: options.durationSec,
      warmupSec: options.warmupSec,
      connections: options.connections,
      threads: options.threads,
      targets: options.targets,
      baseline: options.baseline,
    },
    environment: describeEnvironment(setup.wrkPath, setup.nginxPath),
    handler: 'bench/dispatch/hello.ts (200 text/plain "hello world\\n", 12 bytes)',
    results: outcomes,
  };
  mkdirSync(dirname(jsonPath), { recursive: true });
  writeFileSync(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
  return jsonPath;
}

async function main(argv: readonly string[]): Promise<number> {
  let options: BenchOptions;
  try {
    options = parseBenchOptions(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (options.isHelp) {
    console.log(USAGE);
    return 0;
  }
  const startedAt = new Date();
  const { wrkPath, nginxPath } = locateTools(options);
  const children = new ChildProcesses();
  const tempRoot = mkdtempSync(join(tmpdir(), 'poolchaos-bench-dispatch-'));
  installCleanup(children, tempRoot);
  const setup: MeasureSetup = { children, tempRoot, repoRoot: REPO_ROOT, helloModulePath: HELLO_MODULE_PATH, wrkPath, nginxPath, options };
  console.log(
    `dispatch benchmark: ${options.targets.join(', ')}; wrk -t${String(options.threads)} -c${String(options.connections)}, ` +
      `warm-up ${String(options.warmupSec)} s, measured ${String(options.durationSec)} s per target; baseline ${options.baseline}`,
  );
  const measured: TargetOutcome[] = [];
  for (const [i, name] of options.targets.entries()) {
    measured.push(await measureTarget(setup, TARGETS[name], `[${String(i + 1)}/${String(options.targets.length)}] ${name}`));
  }
  const compared = comparedTargets(options.targets, options.baseline);
  const outcomes = withRatios(measured, compared);
  console.log(`\n${renderTable(outcomes, compared)}`);
  for (const failed of outcomes.filter((o) => o.status === 'failed')) console.log(`\n${failed.target} failed: ${failed.error ?? ''}`);
  console.log(`\nwrote ${writeReport(options, setup, outcomes, startedAt)}`);
  return outcomes.some((o) => o.status === 'failed') ? 1 : 0;
}

if (import.meta.main) {
  try {
    process.exitCode = await main(process.argv.slice(2));
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}
