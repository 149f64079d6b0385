/**
 * Measures one target: start it, warm it up with a short wrk run, measure with the real wrk run,
 * collect the target's after-run facts (if it has any), and always stop every child afterwards. A
 * failure becomes a `failed` outcome so the next target still runs.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcesses } from './child-processes.ts';
import type { BenchOptions } from './options.ts';
import { cpuBetween, readGroupCpu } from './process-cpu.ts';
import type { RunCpu } from './process-cpu.ts';
import type { TargetOutcome } from './target-outcome.ts';
import { describeWrkErrors } from './report-table.ts';
import type { RunningTarget, TargetContext, TargetDefinition } from './targets.ts';
import { runWrk, wrkArgs } from './wrk.ts';
import type { WrkLoad, WrkResult } from './wrk.ts';

/** What the runner shares with every target. */
export interface MeasureSetup {
  readonly children: ChildProcesses;
  readonly tempRoot: string;
  readonly repoRoot: string;
  readonly helloModulePath: string;
  readonly wrkPath: string;
  readonly nginxPath: string | null;
  readonly options: BenchOptions;
}

function summarize(result: WrkResult): string {
  const p50 = result.latencyMs.p50?.toFixed(3) ?? '-';
  const p99 = result.latencyMs.p99?.toFixed(3) ?? '-';
  return `${Math.round(result.requestsPerSec).toLocaleString('en-US')} req/s, p50 ${p50} ms, p99 ${p99} ms, errors ${String(result.errorsTotal)}`;
}

/** Runs the measured wrk load and reads the CPU time of the target's processes around it. */
async function measureRun(setup: MeasureSetup, load: WrkLoad): Promise<{ output: string; result: WrkResult; cpu: RunCpu }> {
  const groups = setup.children.runningGroups();
  const before = readGroupCpu(groups);
  const { output, result } = await runWrk(setup.children, setup.wrkPath, load);
  const cpu = cpuBetween(groups, before, readGroupCpu(groups), result.requests);
  return { output, result, cpu };
}

/** `details` plus what `collectAfterRun` found; its failure is recorded as `afterRunError`, not thrown. */
async function addAfterRunDetails(running: RunningTarget, progress: (message: string) => void): Promise<Readonly<Record<string, unknown>>> {
  if (running.collectAfterRun === undefined) return running.details;
  try {
    return { ...running.details, ...(await running.collectAfterRun()) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    progress(`! after-run check failed: ${message}`);
    return { ...running.details, afterRunError: message };
  }
}

/**
 * Runs `target` start to stop in round `roundIndex` (0-based; each round gets its own temp folder);
 * `label` prefixes its progress lines (`[1/4] nginx`).
 */
export async function measureTarget(
  setup: MeasureSetup,
  target: TargetDefinition,
  roundIndex: number,
  label: string,
): Promise<TargetOutcome> {
  const progress = (message: string): void => console.log(`${label}: ${message}`);
  const tempDir = join(setup.tempRoot, `round-${String(roundIndex + 1)}`, target.name);
  mkdirSync(tempDir, { recursive: true });
  const context: TargetContext = {
    children: setup.children,
    tempDir,
    repoRoot: setup.repoRoot,
    helloModulePath: setup.helloModulePath,
    nodePath: process.execPath,
    nginxPath: setup.nginxPath,
    traceSamplingRatio: setup.options.traceSamplingRatio,
    traceMaxPerSecond: setup.options.traceMaxPerSecond,
    progress,
  };
  const base = { target: target.name, description: target.description, ratios: {} };
  let url: string | null = null;
  let details: Readonly<Record<string, unknown>> = {};
  let warmup: WrkResult | null = null;
  try {
    progress(`starting (${target.description})`);
    const running = await target.start(context);
    ({ url, details } = running);
    progress(`ready at ${url}`);
    const load: WrkLoad = {
      url,
      connections: setup.options.connections,
      threads: setup.options.threads,
      durationSec: setup.options.durationSec,
    };
    if (setup.options.warmupSec > 0) {
      progress(`warming up ${String(setup.options.warmupSec)} s`);
      warmup = (await runWrk(setup.children, setup.wrkPath, { ...load, durationSec: setup.options.warmupSec })).result;
      const warmupErrors = describeWrkErrors(warmup);
      if (warmupErrors !== null) progress(`! warm-up ${warmupErrors}`);
    }
    const wrkCommand = [setup.wrkPath, ...wrkArgs(load)];
    progress(`measuring ${String(load.durationSec)} s: ${wrkCommand.join(' ')}`);
    const { output, result, cpu } = await measureRun(setup, load);
    progress(`${summarize(result)}; target CPU ${cpu.totalSec.toFixed(2)} s, ${String(cpu.microsPerRequest)} µs/request`);
    const errors = describeWrkErrors(result);
    if (errors !== null) progress(`! ${errors}`);
    details = await addAfterRunDetails(running, progress);
    return { ...base, status: 'measured', error: null, url, details, warmup, result, cpu, wrkOutput: output, wrkCommand };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    progress(`FAILED: ${message}`);
    return { ...base, status: 'failed', error: message, url, details, warmup, result: null, cpu: null, wrkOutput: null, wrkCommand: null };
  } finally {
    await setup.children.stopAll();
    progress('stopped');
  }
}
