/**
 * Facts about the machine and tool versions recorded with every run, so figures from different
 * machines are never compared blind.
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism, cpus, loadavg, release, totalmem } from 'node:os';

/** Versions and machine facts for the JSON report. */
export interface BenchEnvironment {
  readonly node: string;
  readonly nginx: string | null;
  readonly wrk: string;
  readonly cpuCount: number;
  readonly cpuModel: string;
  readonly platform: string;
  readonly kernel: string;
  readonly totalMemoryBytes: number;
  readonly loadAverage1m: number;
}

/** First line a `--version`-style command printed on stdout or stderr (wrk and nginx use stderr). */
function versionLine(binary: string, flag: string): string {
  const result = spawnSync(binary, [flag], { encoding: 'utf8', timeout: 5_000 });
  const text = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
  return text.split('\n')[0]?.trim() ?? '';
}

/** Collects the environment; `nginxPath` is null when the nginx target is not run. */
export function describeEnvironment(wrkPath: string, nginxPath: string | null): BenchEnvironment {
  return {
    node: process.version,
    nginx: nginxPath === null ? null : versionLine(nginxPath, '-v').replace(/^nginx version:\s*/, ''),
    wrk: versionLine(wrkPath, '-v').replace(/\s*Copyright.*$/, ''),
    cpuCount: availableParallelism(),
    cpuModel: cpus()[0]?.model ?? 'unknown',
    platform: `${process.platform}-${process.arch}`,
    kernel: release(),
    totalMemoryBytes: totalmem(),
    loadAverage1m: loadavg()[0] ?? 0,
  };
}
