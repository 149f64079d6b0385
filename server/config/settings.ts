/**
 * The typed, validated server configuration. `load-config.ts` builds it once from the user's YAML or
 * JSON file (IIS names, human durations and sizes) and freezes it; everything else trusts it. Every
 * duration here is in milliseconds and every size in bytes, whatever unit the file used. A zero
 * duration or size means "off" where the field says so, as in IIS.
 */

export type StartMode = 'OnDemand' | 'AlwaysRunning';
export type LoadBalancerCapabilities = 'HttpLevel' | 'TcpLevel';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface ProcessModelSettings {
  /** Health pings over IPC; false disables ping-timeout detection. */
  readonly pingingEnabled: boolean;
  readonly pingIntervalMs: number;
  /** A worker that has not answered a ping within this long is unresponsive. */
  readonly pingResponseTimeMs: number;
  /** A worker that has not signalled ready within this long is killed; counts toward rapid-fail. */
  readonly startupTimeLimitMs: number;
  /** A draining worker is killed after this long even if requests are still in flight. */
  readonly shutdownTimeLimitMs: number;
  /** A worker with no request for this long is shut down; 0 = never. OnDemand pools only. */
  readonly idleTimeoutMs: number;
  /** Requests one worker may have outstanding at once; the rest wait in the pool queue. */
  readonly maxConcurrentRequests: number;
}

export interface PeriodicRestartSettings {
  /** Recycle after this much uptime; 0 = off. */
  readonly timeMs: number;
  /** Recycle after this many dispatched requests; 0 = off. */
  readonly requests: number;
  /** Recycle when the worker's resident memory passes this; 0 = off. */
  readonly privateMemoryBytes: number;
  /** Recycle when the worker's virtual memory passes this; 0 = off. */
  readonly memoryBytes: number;
  /** Wall-clock times (server local time, `hh:mm`) at which the pool recycles. */
  readonly schedule: readonly string[];
}

export interface RecyclingSettings {
  readonly periodicRestart: PeriodicRestartSettings;
  /** true: the old worker stops before its replacement starts (requests wait in the queue). */
  readonly disallowOverlappingRotation: boolean;
}

export interface FailureSettings {
  readonly rapidFailProtection: boolean;
  readonly rapidFailProtectionIntervalMs: number;
  readonly rapidFailProtectionMaxCrashes: number;
  /** What clients get when the pool cannot take a request: a 503 (HttpLevel) or a TCP reset (TcpLevel). */
  readonly loadBalancerCapabilities: LoadBalancerCapabilities;
  /** Set unhealthy workers aside (alive, out of dispatch) instead of killing them. */
  readonly orphanWorkerProcess: boolean;
  /** Run when a worker is orphaned; `%1%` in the params is replaced by its PID. */
  readonly orphanActionExe: string | null;
  readonly orphanActionParams: string;
  /** Run when the pool is shut down by rapid-fail protection. */
  readonly autoShutdownExe: string | null;
  readonly autoShutdownParams: string;
}

export interface RetrySettings {
  /** Replay idempotent requests whose worker died before sending a response byte. */
  readonly idempotent: boolean;
  /** Largest request body kept in memory so that its request can be replayed. */
  readonly maxBufferedBodyBytes: number;
}

export interface IdentitySettings {
  /** User name or numeric uid the pool's workers run as (only when the server runs as root). */
  readonly user: string | null;
  readonly group: string | null;
}

export interface PoolSettings {
  readonly name: string;
  readonly queueLength: number;
  readonly maxProcesses: number;
  readonly startMode: StartMode;
  readonly processModel: ProcessModelSettings;
  /** Replace a worker that has requests outstanding but completed none for this long; 0 = off. */
  readonly responseDeadlockIntervalMs: number;
  readonly recycling: RecyclingSettings;
  readonly failure: FailureSettings;
  readonly retry: RetrySettings;
  readonly identity: IdentitySettings;
  /** Extra environment variables for the pool's workers. */
  readonly environmentVariables: Readonly<Record<string, string>>;
}

export interface AppSettings {
  /** URL path prefix, starting with `/`; requests route to the app with the longest matching prefix. */
  readonly path: string;
  /** Pool hosting the app; null only for in-process apps. */
  readonly pool: string | null;
  /** Absolute path of the handler module (resolved against the config file's folder). */
  readonly module: string;
  /** Host the app inside the front: no isolation, the baseline for comparisons. */
  readonly inProcess: boolean;
}

export interface ListenSettings {
  readonly host: string;
  /** 0 picks a free port; `serve` prints the one it got. */
  readonly port: number;
}

export interface AdminSettings {
  readonly host: string;
  readonly port: number;
  /** Bearer token; required when `host` is not a loopback address. */
  readonly token: string | null;
}

export interface LimitSettings {
  /** Largest request body the front accepts (IIS requestFiltering maxAllowedContentLength). */
  readonly maxAllowedContentLengthBytes: number;
  /** A request not answered within this long after it was accepted is dropped (IIS Timer_AppPool). */
  readonly connectionTimeoutMs: number;
  /** Idle keep-alive client connections are closed after this long. */
  readonly keepAliveTimeoutMs: number;
}

export interface TelemetrySettings {
  /** Record metrics and serve /metrics on the admin API. */
  readonly isMetricsEnabled: boolean;
  /** Share of requests traced when no sampled parent decides (0 to 1). */
  readonly traceSamplingRatio: number;
  /** Most root traces the front starts per second, over all pools; 0 = no cap. */
  readonly traceMaxPerSecond: number;
}

export interface ServerConfig {
  /** Absolute path of the file the config came from, or null when built in code. */
  readonly file: string | null;
  readonly listen: ListenSettings;
  readonly admin: AdminSettings;
  readonly chaos: { readonly enabled: boolean };
  readonly limits: LimitSettings;
  readonly telemetry: TelemetrySettings;
  readonly log: { readonly level: LogLevel };
  readonly pools: Readonly<Record<string, PoolSettings>>;
  readonly apps: readonly AppSettings[];
}
