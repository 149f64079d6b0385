/**
 * `poolchaos run <scenario...>`: loads every scenario first (a bad file stops everything with exit 2
 * before any load), runs them one after the other, writes each one's reports and the suite's, and
 * exits 0 when every expectation held, 1 otherwise.
 *
 * With `--verdict-power` each scenario runs with its verdictPower patch (a protection switched off)
 * and the command succeeds only when every such run FAILS its verdict: proof that a green verdict
 * would have turned red on a broken server.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadScenario, runScenario, type Journal, type Scenario } from '../../chaos/index.ts';
import { REPORT_FILES, renderJunit, writeScenarioReports, writeSuiteReports } from '../../reports/index.ts';
import { EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_OK } from '../exit-codes.ts';
import { createRunProgress } from '../run-progress.ts';

export interface RunOptions {
  readonly files: readonly string[];
  readonly outDir: string | undefined;
  readonly junitFile: string | undefined;
  readonly isVerdictPower: boolean;
  readonly toolVersion: string;
}

/** Default report folders. */
export const DEFAULT_RUN_OUT = 'out/chaos';
export const DEFAULT_VERDICT_POWER_OUT = 'out/verdict-power';

/** Runs the command; resolves to the exit code. */
export async function run(options: RunOptions): Promise<number> {
  if (options.files.length === 0) {
    process.stderr.write('poolchaos run: name at least one scenario file (see poolchaos run --help)\n');
    return EXIT_BAD_INPUT;
  }
  const scenarios: Scenario[] = [];
  for (const file of options.files) {
    try {
      scenarios.push(await loadScenario(file, { isBroken: options.isVerdictPower }));
    } catch (error) {
      process.stderr.write(`poolchaos run: ${(error as Error).message}\n`);
      return EXIT_BAD_INPUT;
    }
  }
  const names = new Set<string>();
  for (const scenario of scenarios) {
    if (names.has(scenario.name)) {
      process.stderr.write(`poolchaos run: two scenarios are named ${scenario.name}; report folders are named after scenarios\n`);
      return EXIT_BAD_INPUT;
    }
    names.add(scenario.name);
  }
  const outDir = options.outDir ?? (options.isVerdictPower ? DEFAULT_VERDICT_POWER_OUT : DEFAULT_RUN_OUT);
  const progress = createRunProgress(process.stdout, process.stdout.isTTY);
  const journals: Journal[] = [];
  for (const scenario of scenarios) {
    const journal = await runScenario(scenario, { toolVersion: options.toolVersion, progress });
    progress.finish();
    writeScenarioReports(join(outDir, scenario.name), journal, { writeJournal: true });
    journals.push(journal);
    process.stdout.write(`${describeOutcome(journal, options.isVerdictPower)}\n`);
  }
  writeSuiteReports(outDir, journals);
  if (options.junitFile !== undefined) writeFileSync(options.junitFile, renderJunit(journals));
  process.stdout.write(`reports: ${join(outDir, REPORT_FILES.index)}\n`);
  return options.isVerdictPower ? verdictPowerExit(journals) : suiteExit(journals);
}

function describeOutcome(journal: Journal, isVerdictPower: boolean): string {
  const held = journal.expectations.filter((result) => result.passed).length;
  const counts = `${String(held)}/${String(journal.expectations.length)} expectations held; sent ${String(journal.requests.sent)}, served ${String(journal.requests.served)}, rejected ${String(journal.requests.rejected)}, lost ${String(journal.requests.lost)}, retried ${String(journal.requests.retried)}`;
  const failed = journal.expectations
    .filter((result) => !result.passed)
    .map((result) => {
      const actual = result.actual === null ? (result.message ?? 'none') : String(result.actual);
      const bound =
        result.bound === undefined
          ? ''
          : `, bound ${result.bound === null ? (result.actual === null ? 'unknown' : (result.message ?? 'unknown')) : String(result.bound)}`;
      return `    ✗ ${result.expr} (actual ${actual}${bound})`;
    });
  if (journal.status === 'error') return `[${journal.scenario.name}] ERROR: ${journal.error ?? 'unknown'}`;
  if (isVerdictPower) {
    const verdict =
      journal.status === 'failed'
        ? 'CAUGHT (the verdict failed with the protection off)'
        : 'NOT CAUGHT (the verdict passed with the protection off)';
    return [`[${journal.scenario.name}] without ${journal.scenario.brokenProtection ?? '?'}: ${verdict}; ${counts}`, ...failed].join('\n');
  }
  return [`[${journal.scenario.name}] ${journal.status.toUpperCase()}: ${counts}`, ...failed].join('\n');
}

function suiteExit(journals: readonly Journal[]): number {
  const passed = journals.filter((journal) => journal.status === 'passed').length;
  process.stdout.write(`${String(passed)} of ${String(journals.length)} scenarios passed\n`);
  return passed === journals.length ? EXIT_OK : EXIT_FAILURE;
}

function verdictPowerExit(journals: readonly Journal[]): number {
  const caught = journals.filter((journal) => journal.status === 'failed').length;
  process.stdout.write(`verdict power: ${String(caught)} of ${String(journals.length)} broken servers caught\n`);
  return caught === journals.length ? EXIT_OK : EXIT_FAILURE;
}
