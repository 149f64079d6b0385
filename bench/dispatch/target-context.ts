/** What a benchmark target gets from the runner while it starts, and what it hands back once it serves. */
import type { ChildProcesses } from './child-processes.ts';

/** What a target may use while starting. */
export interface TargetContext {
  readonly children: ChildProcesses;
  /** A fresh folder for this target's files (config, sockets, logs); removed by the runner. */
  readonly tempDir: string;
  readonly repoRoot: string;
  /** Absolute path of the hello handler module every target serves. */
  readonly helloModulePath: string;
  /** The Node binary running the benchmark; every Node-based target runs on it. */
  readonly nodePath: string;
  /** Absolute path of nginx, when the nginx target was requested. */
  readonly nginxPath: string | null;
  /** `telemetry.traces.samplingRatio` of the poolchaos-traced target. */
  readonly traceSamplingRatio: number;
  /** `telemetry.traces.maxPerSecond` of the poolchaos-traced target; null for the server default. */
  readonly traceMaxPerSecond: number | null;
  /** Prints a progress line for this target. */
  readonly progress: (message: string) => void;
}

/** A started target: the URL wrk loads and facts for the JSON report. */
export interface RunningTarget {
  readonly url: string;
  readonly details: Readonly<Record<string, unknown>>;
  /**
   * Called once after the measured run, while the target still runs; its facts are added to
   * `details`. A rejection is recorded in `details.afterRunError` and does not fail the target.
   */
  readonly collectAfterRun?: () => Promise<Readonly<Record<string, unknown>>>;
}
