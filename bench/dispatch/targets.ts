/**
 * The benchmark targets and what each needs from the runner. A target starts its processes through
 * the shared `ChildProcesses` registry and resolves once a GET of its URL returns the hello answer;
 * the runner stops every child after each target, whether it was measured or failed.
 */
import type { RunningTarget, TargetContext } from './target-context.ts';
import { startPoolchaos, startPoolchaosNoTelemetry, startPoolchaosTraced } from './target-poolchaos.ts';
import { startNginx } from './target-nginx.ts';
import { startCluster, startPlain } from './target-node.ts';

/** Every target name. */
export const TARGET_NAMES = ['poolchaos', 'poolchaos-no-telemetry', 'poolchaos-traced', 'nginx', 'cluster', 'plain'] as const;
export type TargetName = (typeof TARGET_NAMES)[number];
export type { RunningTarget, TargetContext } from './target-context.ts';

/** The targets `npm run bench:dispatch` runs without `--targets`, in run order. */
export const DEFAULT_TARGET_NAMES: readonly TargetName[] = ['poolchaos', 'nginx', 'cluster', 'plain'];

/** One benchmark target. */
export interface TargetDefinition {
  readonly name: TargetName;
  readonly description: string;
  readonly start: (context: TargetContext) => Promise<RunningTarget>;
}

/** Every target by name. */
export const TARGETS: Readonly<Record<TargetName, TargetDefinition>> = {
  poolchaos: { name: 'poolchaos', description: 'poolchaos front + 2 workers (Unix sockets)', start: startPoolchaos },
  'poolchaos-no-telemetry': {
    name: 'poolchaos-no-telemetry',
    description: 'poolchaos, telemetry.metrics false, no trace exporter',
    start: startPoolchaosNoTelemetry,
  },
  'poolchaos-traced': {
    name: 'poolchaos-traced',
    description:
      'poolchaos, metrics on, traces sampled at --trace-ratio (0.05) capped at --trace-max-per-second (server default 50) and exported over OTLP/HTTP to a loopback sink',
    start: startPoolchaosTraced,
  },
  nginx: { name: 'nginx', description: 'nginx → 2 Node workers (Unix sockets, upstream keepalive 64)', start: startNginx },
  cluster: { name: 'cluster', description: 'Node cluster, 2 workers (primary round-robin)', start: startCluster },
  plain: { name: 'plain', description: 'one Node process, no hop', start: startPlain },
};

/** True when `name` is a known target. */
export function isTargetName(name: string): name is TargetName {
  return (TARGET_NAMES as readonly string[]).includes(name);
}
