/**
 * Measures one target: start it, warm it up with a short wrk run, measure with the real wrk run,
 * and always stop every child afterwards. A failure becomes a `failed` outcome so the next target
 * still runs.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcesses } from './child-processes.ts';
import type { BenchOptions } from './options.ts';
import type { TargetOutcome } from './report-table.ts';
import { describeWrkErrors } from './report-table.ts';
import type { TargetContext, TargetDefinition } from './targets.ts';
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

/** Runs `target` start to stop; `label` prefixes its progress lines (`[1/4] nginx`). */
export async function measureTarget(setup: MeasureSetup, target: TargetDefinition, label: string): Promise<TargetOutcome> {
  const progress = (message: string): void => console.log(`${label}: ${message}`);
  const tempDir = join(setup.tempRoot, target.name);
  mkdirSync(tempDir);
  const context: TargetContext = {
    children: setup.children,
    tempDir,
    repoRoot: setup.repoRoot,
    helloModulePath: setup.helloModulePath,
    nodePath: process.execPath,
    nginxPath: setup.nginxPath,
    progress,
  };
  const base = { target: target.name, description: target.description, ratios: { vsNginx: null, vsPlain: null } };
  let url: string | null = null;
  let details: Readonly<Record<string, unknown>> = {};
  let warmup: WrkResult | null = null;
  try {
    progress(`starting (${target.description})`);
    ({ url, details } = await target.start(context));
    progress(`ready at ${url}`);
    const load: WrkLoad = { url, connections: setup.options.connections, threads: setup.options.threads, durationSec: setup.options.durationSec };
    if (setup.options.warmupSec > 0) {
      progress(`warming up ${String(setup.options.warmupSec)} s`);
      warmup = (await runWrk(setup.children, setup.wrkPath, { ...load, durationSec: setup.options.warmupSec })).result;
      const warmupErrors = describeWrkErrors(warmup);
      if (warmupErrors !== null) progress(`! warm-up ${warmupErrors}`);
    }
    const wrkCommand = [setup.wrkPath, ...wrkArgs(load)];
    progress(`measuring ${String(load.durationSec)} s: ${wrkCommand.join(' ')}`);
    const { output, result } = await runWrk(setup.children, setup.wrkPath, load);
    progress(summarize(result));
    const errors = describeWrkErrors(result);
    if (errors !== null) progress(`! ${errors}`);
    return { ...base, status: 'measured', error: null, url, details, warmup, result, wrkOutput: output, wrkCommand };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    progress(`FAILED: ${message}`);
    return { ...base, status: 'failed', error: message, url, details, warmup, result: null, wrkOutput: null, wrkCommand: null };
  } finally {
    await setup.children.stopAll();
    progress('stopped');
  }
}
