/**
 * The control protocol between the supervisor (front process) and a worker, carried over the
 * `child_process` IPC channel. Requests themselves never travel here: they go over HTTP/1.1 on the
 * worker's Unix socket. Both sides import these types and nothing else from each other.
 *
 * Ordering contract: a worker sends `ready` exactly once, after its request socket listens. It answers
 * every `ping` with a `pong` carrying the same `seq`. After `drain` it stops accepting connections,
 * finishes what it has, and exits with code 0. `chaos` messages reach only workers booted with
 * `isChaosEnabled`; a worker booted without it ignores them.
 */
import type { FaultKind, FaultParams } from '../../faults/index.ts';

/** Version of this protocol; the worker refuses to start when the supervisor speaks another. */
export const IPC_PROTOCOL_VERSION = 1;

/** Environment variable through which the supervisor hands a worker its boot settings (JSON). */
export const WORKER_BOOT_ENV = 'POOLCHAOS_WORKER_BOOT';

/** What a worker needs to start; passed as JSON in {@link WORKER_BOOT_ENV}. */
export interface WorkerBoot {
  readonly protocolVersion: number;
  readonly pool: string;
  readonly workerId: number;
  /** Unix socket path the worker listens on for requests. */
  readonly socketPath: string;
  /** Apps of the pool, longest path first. */
  readonly apps: readonly { readonly path: string; readonly module: string }[];
  /** Whether the chaos agent may act on this worker (chaos.enabled in the server config). */
  readonly isChaosEnabled: boolean;
  /** A startup fault this worker must act out (only with isChaosEnabled), or null. */
  readonly startupFault: StartupFault | null;
  /**
   * Whether the worker traces requests whose traceparent says sampled. Its spans go to the exporter
   * the standard OTEL_* variables name (the worker inherits the front's environment).
   */
  readonly isTracingEnabled: boolean;
}

/** A fault acted out while starting: wait before ready, or exit before ready. */
export type StartupFault =
  { readonly kind: 'slow-start'; readonly delayMs: number } | { readonly kind: 'crash-loop'; readonly exitCode: number };

export interface PingMessage {
  readonly type: 'ping';
  readonly seq: number;
}

/** Asks for the worker's metric figures; answered by a `metrics` message with the same `seq`. */
export interface CollectMessage {
  readonly type: 'collect';
  readonly seq: number;
}

export interface DrainMessage {
  readonly type: 'drain';
}

/** Kinds the in-worker chaos agent acts out. */
export type AgentFaultKind = Exclude<FaultKind, 'freeze' | 'slow-start' | 'crash-loop'>;

/** Tells the worker's chaos agent to act out a fault. */
export type ChaosMessage = {
  [K in AgentFaultKind]: {
    readonly type: 'chaos';
    readonly faultId: number;
    readonly kind: K;
    readonly params: FaultParams[K];
    readonly durationMs: number | null;
    /** Seeds the agent's share-based choices. */
    readonly seed: number;
  };
}[AgentFaultKind];

/** Supervisor → worker. */
export type SupervisorMessage = PingMessage | CollectMessage | DrainMessage | ChaosMessage;

export interface ReadyMessage {
  readonly type: 'ready';
  readonly pid: number;
}

/** Answer to a ping, with the figures the recycle policy and the admin API use. */
export interface PongMessage {
  readonly type: 'pong';
  readonly seq: number;
  readonly rssBytes: number;
  readonly heapUsedBytes: number;
  /** Virtual memory size (VmSize); 0 where the platform does not report it. */
  readonly virtualBytes: number;
  /** Mean event-loop delay since the previous pong, in milliseconds. */
  readonly eventLoopDelayMs: number;
}

/** The worker's figures for one metrics scrape (see server/telemetry/metric-catalogue.ts). */
export interface MetricsMessage {
  readonly type: 'metrics';
  readonly seq: number;
  readonly rssBytes: number;
  readonly heapUsedBytes: number;
  /** 99th percentile of the event-loop delay (beyond the monitor's sampling interval) since the previous collect, in milliseconds. */
  readonly eventLoopDelayP99Ms: number;
  /** Responses finished since the worker started. */
  readonly requestsFinished: number;
  /** When the worker process started, epoch milliseconds. */
  readonly startTimeMs: number;
}

/** The app asked to be recycled (the ISAPI "report unhealthy" call). */
export interface UnhealthyMessage {
  readonly type: 'unhealthy';
  readonly reason: string;
}

/** Startup failed in a way the worker could still report (e.g. a handler module threw on import). */
export interface StartupFailedMessage {
  readonly type: 'startup-failed';
  readonly message: string;
}

/** Worker → supervisor. */
export type WorkerMessage = ReadyMessage | PongMessage | MetricsMessage | UnhealthyMessage | StartupFailedMessage;

/** Narrows an unknown IPC payload to a worker message. */
export function isWorkerMessage(value: unknown): value is WorkerMessage {
  if (typeof value !== 'object' || value === null) return false;
  const type = (value as { type?: unknown }).type;
  return type === 'ready' || type === 'pong' || type === 'metrics' || type === 'unhealthy' || type === 'startup-failed';
}

/** Narrows an unknown IPC payload to a supervisor message. */
export function isSupervisorMessage(value: unknown): value is SupervisorMessage {
  if (typeof value !== 'object' || value === null) return false;
  const type = (value as { type?: unknown }).type;
  return type === 'ping' || type === 'collect' || type === 'drain' || type === 'chaos';
}
