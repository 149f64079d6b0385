/**
 * `npm run bench:dispatch`: the cost of the dispatch hop. Serves one hello-world handler through
 * poolchaos, nginx, a Node cluster and a plain Node process, one target after another (in one or
 * more rotated rounds, see rounds.ts), loads each with the same wrk command on 127.0.0.1, prints a
 * table of ratios to a baseline target and writes every figure to a JSON file. `npm run bench:telemetry` runs the same with the poolchaos telemetry
 * variants (off, metrics, metrics + exported traces) against telemetry off.
 * Every child process is killed and the temp folder removed on every way out (end, error, SIGINT).
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
import type { TargetOutcome } from './target-outcome.ts';
import { roundOrder, summarizeRounds } from './rounds.ts';
import type { TargetSummary } from './rounds.ts';
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

/** One round's outcomes, in the order they ran. */
interface RoundRecord {
  readonly round: number;
  readonly order: readonly string[];
  readonly outcomes: readonly TargetOutcome[];
}

function writeReport(
  options: BenchOptions,
  setup: MeasureSetup,
  summary: readonly TargetSummary[],
  rounds: readonly RoundRecord[],
  startedAt: Date,
): string {
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
      rounds: options.rounds,
      targets: options.targets,
      baseline: options.baseline,
    },
    environment: describeEnvironment(setup.wrkPath, setup.nginxPath),
    handler: 'bench/dispatch/hello.ts (200 text/plain "hello world\\n", 12 bytes)',
    summary,
    rounds,
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
  // mkdtemp makes it 0700; the nginx target's workers run as `nobody` (nginx starts as root) and must
  // pass through it to reach the Unix sockets in round-N/nginx/ (made 0755 by mkdir below it).
  chmodSync(tempRoot, 0o711);
  installCleanup(children, tempRoot);
  const setup: MeasureSetup = { children, tempRoot, repoRoot: REPO_ROOT, helloModulePath: HELLO_MODULE_PATH, wrkPath, nginxPath, options };
  console.log(
    `dispatch benchmark: ${options.targets.join(', ')}; wrk -t${String(options.threads)} -c${String(options.connections)}, ` +
      `warm-up ${String(options.warmupSec)} s, measured ${String(options.durationSec)} s per target, ` +
      `${String(options.rounds)} round${options.rounds === 1 ? '' : 's'}; baseline ${options.baseline}`,
  );
  const compared = comparedTargets(options.targets, options.baseline);
  const runsTotal = options.rounds * options.targets.length;
  const rounds: RoundRecord[] = [];
  for (let roundIndex = 0; roundIndex < options.rounds; roundIndex += 1) {
    const order = roundOrder(options.targets, roundIndex);
    const measured: TargetOutcome[] = [];
    for (const [i, name] of order.entries()) {
      const runNumber = roundIndex * options.targets.length + i + 1;
      const roundLabel = options.rounds === 1 ? '' : ` round ${String(roundIndex + 1)}`;
      measured.push(
        await measureTarget(setup, TARGETS[name], roundIndex, `[${String(runNumber)}/${String(runsTotal)}]${roundLabel} ${name}`),
      );
    }
    rounds.push({ round: roundIndex + 1, order, outcomes: withRatios(measured, compared) });
  }
  const summary = summarizeRounds(
    rounds.map((record) => record.outcomes),
    options.targets,
    compared,
  );
  console.log(`\n${renderTable(summary, compared)}`);
  const failures = rounds.flatMap((record) => record.outcomes.filter((o) => o.status === 'failed').map((o) => ({ record, o })));
  for (const { record, o } of failures) console.log(`\n${o.target} failed in round ${String(record.round)}: ${o.error ?? ''}`);
  console.log(`\nwrote ${writeReport(options, setup, summary, rounds, startedAt)}`);
  return failures.length > 0 ? 1 : 0;
}

if (import.meta.main) {
  try {
    process.exitCode = await main(process.argv.slice(2));
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}
