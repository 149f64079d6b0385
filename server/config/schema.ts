/**
 * The server config FILE format as a zod schema: IIS key names, human durations and sizes, every
 * default filled. Parsing turns it into `ServerConfig` (settings.ts) minus `file`, with durations in
 * ms and sizes in bytes; `load-config.ts` then adds the rules that span several keys and resolves the
 * handler modules. Every object is strict (an unknown key is an error, so typos never pass silently)
 * and every key carries a description with its unit and default, which the JSON Schema publishes and
 * the configuration reference (docs/configuration.md, `npm run docs`) is rendered from. A key's
 * description reads "<meaning, one or more sentences>. <Unit>; default <value>." (or "; required.",
 * "; required unless ..."): the unit has no full stop and is the type column of the reference.
 * Every leaf's `error` returns the phrase for "expected" in a config issue; load-config derives the
 * problem ("missing", "wrong type", ...) from the zod issue code.
 */

import { z } from 'zod';
import { DURATION_PATTERN, MAX_DURATION_MS, tryParseDurationMs } from './duration.ts';
import type { UnitParse } from './duration.ts';
import { SIZE_PATTERN, tryParseSizeBytes } from './size.ts';
import type { BareSizeUnit } from './size.ts';
import type {
  AppSettings,
  FailureSettings,
  IdentitySettings,
  LogLevel,
  PoolSettings,
  ProcessModelSettings,
  RecyclingSettings,
  RetrySettings,
  ServerConfig,
} from './settings.ts';

/** Pool names: a letter or digit, then up to 63 letters, digits, `.`, `_` or `-`. */
export const POOL_NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$';
/** `periodicRestart.schedule` entries: a time of day from 00:00 to 23:59. */
export const SCHEDULE_PATTERN = '^(?:[01]\\d|2[0-3]):[0-5]\\d$';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const satisfies readonly LogLevel[];

function describeDefault(meaning: string, unit: string, defaultText: string): string {
  return `${meaning} ${unit}; default ${defaultText}.`;
}

/** A strict object whose unknown-key issue lists the keys it does know. */
function section<Shape extends z.ZodRawShape>(shape: Shape) {
  const known = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? `one of: ${known}` : `a mapping with the keys ${known}`),
  });
}

function reject(ctx: z.RefinementCtx, input: unknown, problem: string, expected: string): never {
  ctx.issues.push({ code: 'custom', message: problem, input, params: { expected } });
  return z.NEVER;
}

/** A value read by one of the unit parsers; `isPositive` also refuses 0. */
function parsedValue(read: (value: unknown) => UnitParse, isPositive = false) {
  return z.unknown().transform((value, ctx): number => {
    const parsed = read(value);
    if (!parsed.ok) return reject(ctx, value, parsed.problem, parsed.expected);
    if (isPositive && parsed.value === 0) return reject(ctx, value, 'out of range', 'a duration above 0');
    return parsed.value;
  });
}

interface DurationOptions {
  /** 0 switches the feature off (documented as such). */
  readonly isZeroOff?: boolean;
  /** 0 is refused: the feature has no "off" and 0 would spin or fail at once. */
  readonly isPositive?: boolean;
}

function duration(defaultValue: string, meaning: string, options: DurationOptions = {}) {
  const isPositive = options.isPositive === true;
  const unit = options.isZeroOff === true ? 'Duration, 0 = off' : isPositive ? 'Duration above 0' : 'Duration';
  return parsedValue(tryParseDurationMs, isPositive)
    .meta({
      oneOf: [
        { type: 'integer', minimum: isPositive ? 1 : 0, maximum: MAX_DURATION_MS, description: 'milliseconds' },
        { type: 'string', pattern: DURATION_PATTERN, description: 'e.g. 90s, 1m30s, 29h, 500ms, 00:01:30, 1.05:00:00' },
      ],
    })
    .prefault(defaultValue)
    .meta({ description: describeDefault(meaning, unit, defaultValue) });
}

function size(defaultValue: string | number, bareUnit: BareSizeUnit, meaning: string, unit: string) {
  const bareWord = bareUnit === 'KB' ? 'kilobytes' : 'bytes';
  return parsedValue((value) => tryParseSizeBytes(value, bareUnit))
    .meta({
      oneOf: [
        { type: 'integer', minimum: 0, description: bareWord },
        { type: 'string', pattern: SIZE_PATTERN, description: 'e.g. 512KB, 200MB, 1.5GB (1KB = 1024 bytes)' },
      ],
    })
    .prefault(defaultValue)
    .meta({ description: describeDefault(meaning, `${unit} (a bare number is ${bareWord})`, String(defaultValue)) });
}

function integer(defaultValue: number, min: number, meaning: string, unit: string, expected?: string) {
  const error = (): string => expected ?? `an integer of ${min} or more`;
  return z
    .int({ error })
    .min(min, { error })
    .default(defaultValue)
    .meta({ description: describeDefault(meaning, unit, String(defaultValue)) });
}

function flag(defaultValue: boolean, meaning: string) {
  return z
    .boolean({ error: () => 'true or false' })
    .default(defaultValue)
    .meta({ description: describeDefault(meaning, 'Boolean', String(defaultValue)) });
}

function choice<const Values extends readonly [string, ...string[]]>(values: Values, defaultValue: Values[number], meaning: string) {
  return z
    .enum(values, { error: () => `one of ${values.join(', ')}` })
    .default(defaultValue)
    .meta({ description: describeDefault(meaning, `One of ${values.join(', ')}`, defaultValue) });
}

function text(expected: string, pattern = /^\S+$/) {
  return z.string({ error: () => expected }).regex(pattern, { error: () => expected });
}

function port(defaultValue: number, meaning: string) {
  const expected = 'a TCP port from 0 to 65535';
  return z
    .int({ error: () => expected })
    .min(0, { error: () => expected })
    .max(65_535, { error: () => expected })
    .default(defaultValue)
    .meta({ description: describeDefault(meaning, 'TCP port, 0 = any free port', String(defaultValue)) });
}

const host = (defaultValue: string, meaning: string) =>
  text('a host name or IP address')
    .default(defaultValue)
    .meta({ description: describeDefault(meaning, 'Host name or IP address', defaultValue) });

/** A user or group: a name or a numeric id, kept as a string. */
const principal = (meaning: string, unit: string) =>
  z
    .unknown()
    .transform((value, ctx): string => {
      if (typeof value === 'string' && /^[^\s:]+$/.test(value)) return value;
      if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
      return reject(ctx, value, 'wrong type', 'a name or a numeric id');
    })
    .optional()
    .meta({
      description: `${meaning} ${unit}; default the server's own.`,
      oneOf: [
        { type: 'string', pattern: '^[^\\s:]+$' },
        { type: 'integer', minimum: 0 },
      ],
    });

const executable = (meaning: string) =>
  text('a path to an executable', /^.+$/)
    .optional()
    .meta({ description: `${meaning} Path; default none.` });

const parameters = (meaning: string) =>
  z
    .string({ error: () => 'a string' })
    .default('')
    .meta({ description: `${meaning} String; default empty.` });

const processModel = section({
  pingingEnabled: flag(true, 'Health pings over IPC; false turns off ping-timeout detection.'),
  pingInterval: duration('30s', 'Time between health pings.', { isPositive: true }),
  pingResponseTime: duration(
    '90s',
    'A worker that does not answer a ping within this time is replaced, or orphaned (see failure.orphanWorkerProcess). ' +
      'Must be above 0 while pingingEnabled is true.',
  ),
  startupTimeLimit: duration(
    '90s',
    'A worker that has not signalled ready within this time is killed; the kill counts towards rapid-fail protection.',
    { isPositive: true },
  ),
  shutdownTimeLimit: duration('90s', 'A draining worker (recycle, stop) is killed after this long, even if requests are still in flight.'),
  idleTimeout: duration(
    '20m',
    'A worker that gets no request for this long is shut down; the next request starts a new one. OnDemand pools only.',
    {
      isZeroOff: true,
    },
  ),
  maxConcurrentRequests: integer(
    5000,
    1,
    'Requests one worker may have outstanding at once; the rest wait in the pool queue (no IIS counterpart).',
    'Requests per worker, at least 1',
  ),
})
  .transform((model): ProcessModelSettings => ({
    pingingEnabled: model.pingingEnabled,
    pingIntervalMs: model.pingInterval,
    pingResponseTimeMs: model.pingResponseTime,
    startupTimeLimitMs: model.startupTimeLimit,
    shutdownTimeLimitMs: model.shutdownTimeLimit,
    idleTimeoutMs: model.idleTimeout,
    maxConcurrentRequests: model.maxConcurrentRequests,
  }))
  .prefault({})
  .meta({ description: 'Worker health and lifetime (IIS processModel).' });

const schedule = z
  .array(text('a time of day hh:mm from 00:00 to 23:59', new RegExp(SCHEDULE_PATTERN)), {
    error: () => 'a list of times of day (hh:mm)',
  })
  .prefault([])
  .meta({
    description:
      'Wall-clock times (server local time) at which the pool recycles. Quote the entries in YAML: ["03:00"]. ' +
      'List of hh:mm from 00:00 to 23:59; default [].',
  });

const periodicRestart = section({
  time: duration('29h', 'Recycle after this much worker uptime (IIS writes 1.05:00:00).', { isZeroOff: true }),
  requests: integer(0, 0, 'Recycle after this many dispatched requests.', 'Requests, 0 = off'),
  privateMemory: size(0, 'KB', "Recycle when the worker's resident (private) memory passes this limit.", 'Size, 0 = off'),
  memory: size(0, 'KB', "Recycle when the worker's virtual memory passes this limit.", 'Size, 0 = off'),
  schedule,
})
  .transform((restart) => ({
    timeMs: restart.time,
    requests: restart.requests,
    privateMemoryBytes: restart.privateMemory,
    memoryBytes: restart.memory,
    schedule: restart.schedule,
  }))
  .prefault({})
  .meta({
    description:
      'Conditions that recycle a worker (IIS recycling.periodicRestart): it is recycled when any of these limits is ' +
      'reached. Each recycle is logged and counted with the IIS reason name (Time, Requests, PrivateMemory, Memory, Schedule).',
  });

const recycling = section({
  periodicRestart,
  disallowOverlappingRotation: flag(
    false,
    'false: the replacement starts and becomes ready before the old worker drains (an overlapped recycle). ' +
      'true: the old worker stops first, and requests wait in the queue.',
  ),
})
  .transform((value): RecyclingSettings => value)
  .prefault({})
  .meta({ description: 'Worker recycling (IIS recycling).' });

const failure = section({
  rapidFailProtection: flag(
    true,
    'Stop the pool after rapidFailProtectionMaxCrashes failures (crashes, ping timeouts, startup timeouts) within ' +
      'rapidFailProtectionInterval. A stopped pool answers 503 (AppOffline) and spawns nothing until an admin starts ' +
      'it again; other pools keep running.',
  ),
  rapidFailProtectionInterval: duration('5m', 'Window in which failures are counted.', { isPositive: true }),
  rapidFailProtectionMaxCrashes: integer(5, 1, 'Number of failures within the window that stops the pool.', 'Count, at least 1'),
  loadBalancerCapabilities: choice(
    ['HttpLevel', 'TcpLevel'],
    'HttpLevel',
    'What clients get when the pool cannot take a request (queue full, pool stopped): HttpLevel sends a 503; ' +
      'TcpLevel resets the TCP connection, which suits L3/L4 load balancers.',
  ),
  orphanWorkerProcess: flag(
    false,
    'Set an unhealthy worker aside (alive, but out of dispatch) instead of killing it, for example to attach a ' +
      'debugger. A replacement starts.',
  ),
  orphanActionExe: executable('Run when a worker is orphaned.'),
  orphanActionParams: parameters("Arguments for orphanActionExe; %1% is replaced by the worker's PID."),
  autoShutdownExe: executable('Run when rapid-fail protection stops the pool.'),
  autoShutdownParams: parameters('Arguments for autoShutdownExe.'),
})
  .transform(({ rapidFailProtectionInterval, orphanActionExe, autoShutdownExe, ...rest }): FailureSettings => ({
    ...rest,
    rapidFailProtectionIntervalMs: rapidFailProtectionInterval,
    orphanActionExe: orphanActionExe ?? null,
    autoShutdownExe: autoShutdownExe ?? null,
  }))
  .prefault({})
  .meta({ description: 'Rapid-fail protection and what happens to failed workers (IIS failure).' });

const retry = section({
  idempotent: flag(
    true,
    'Replay an idempotent request (GET, HEAD, OPTIONS, or a request with Idempotency-Key) on another worker when ' +
      'its worker died before sending a response byte.',
  ),
  maxBufferedBody: size(
    '1MB',
    'B',
    'Largest request body kept in memory so that its request can be replayed; a request with a larger body is not replayed.',
    'Size',
  ),
})
  .transform((value): RetrySettings => ({ idempotent: value.idempotent, maxBufferedBodyBytes: value.maxBufferedBody }))
  .prefault({})
  .meta({
    description:
      'Replay of requests lost to a worker death (a poolchaos extension: IIS loses such requests, ' + 'Connection_Abandoned_By_AppPool).',
  });

const identity = section({
  user: principal(
    "User the pool's workers run as. Honoured only when the server runs as root; otherwise setting it is an error " +
      'at startup (ERR_CONFIG_IDENTITY_REQUIRES_ROOT).',
    'Name or numeric uid',
  ),
  group: principal("Group the pool's workers run as; the same root rule applies.", 'Name or numeric gid'),
})
  .transform((value): IdentitySettings => ({ user: value.user ?? null, group: value.group ?? null }))
  .prefault({})
  .meta({
    description: "Account the pool's workers run as (IIS processModel identityType and userName), applied when the server runs as root.",
  });

const environmentVariables = z
  .record(
    text('a variable name without "=" or spaces', /^[^=\s]+$/),
    z.string({ error: () => 'a string (quote numbers and booleans in YAML)' }),
    { error: () => 'a mapping of variable names to strings' },
  )
  .prefault({})
  .meta({
    description:
      "Extra environment variables for the pool's workers. Values must be strings: quote numbers and booleans in YAML. " +
      'Mapping of names to strings; default {}.',
  });

const pool = section({
  queueLength: integer(
    1000,
    1,
    'Requests that can wait in the pool queue. Once it is full, clients get 503 (QueueFull), or a TCP reset under TcpLevel.',
    'Requests, at least 1',
  ),
  maxProcesses: integer(
    1,
    1,
    "Number of workers that serve the pool; more than 1 makes a web garden. IIS's 0 (one worker per NUMA node) is " +
      'not supported (IIS: processModel.maxProcesses).',
    'Workers, at least 1',
    "an integer of 1 or more (0, IIS's one worker per NUMA node, is not supported)",
  ),
  startMode: choice(
    ['OnDemand', 'AlwaysRunning'],
    'OnDemand',
    'OnDemand starts workers on the first request; AlwaysRunning starts them with the server.',
  ),
  processModel,
  responseDeadlockInterval: duration(
    '3m',
    'A worker that has requests outstanding but has completed none for this long is replaced. This catches async ' +
      'deadlocks, where the event loop is still free and pings are still answered (IIS: ASP.NET responseDeadlockInterval).',
    { isZeroOff: true },
  ),
  recycling,
  failure,
  retry,
  identity,
  environmentVariables,
})
  .transform((value): Omit<PoolSettings, 'name'> => {
    const { responseDeadlockInterval, ...rest } = value;
    return { ...rest, responseDeadlockIntervalMs: responseDeadlockInterval };
  })
  .meta({ description: 'Each entry holds the settings of one application pool (IIS applicationPools/add).' });

const poolName = text('a pool name: a letter or digit, then up to 63 letters, digits, ".", "_" or "-"', new RegExp(POOL_NAME_PATTERN));

const pools = z
  .record(poolName, pool, { error: () => 'a mapping of pool names to pool settings' })
  .transform((value): Record<string, PoolSettings> =>
    Object.fromEntries(Object.entries(value).map(([name, settings]) => [name, { name, ...settings }])),
  )
  .prefault({})
  .meta({
    description:
      'Application pools by name. A pool name starts with a letter or digit, followed by up to 63 letters, digits, ' +
      '".", "_" or "-". At least one pool is needed unless every app is inProcess. A pool may be empty (api: {}); ' +
      'it then gets every default.',
  });

const app = section({
  path: text('a URL path starting with /', /^\/[^\s?#]*$/).meta({
    description:
      'URL prefix of the app: a request goes to the app with the longest matching prefix. Each app needs its own ' +
      'path; /api and /api/ count as the same path. URL path starting with /; required.',
  }),
  pool: text('the name of a pool')
    .optional()
    .meta({ description: 'The pool that hosts the app; it must be defined under pools. Pool name; required unless inProcess.' }),
  module: text('a path to a handler module', /^.+$/).meta({
    description:
      'Handler module: a file that exports a Node (req, res) request listener, so Express, Fastify and Koa apps work ' +
      'unchanged. A relative path is resolved against the folder that holds the config file. The file must exist. ' +
      'File path; required.',
  }),
  inProcess: flag(
    false,
    'Host the app inside the front (IIS "Low (IIS process)"). It is the fastest option, with no isolation: the ' +
      'baseline for comparisons.',
  ),
})
  .transform((value): AppSettings => ({ path: value.path, pool: value.pool ?? null, module: value.module, inProcess: value.inProcess }))
  .meta({ description: 'Each entry is one application: a URL prefix mapped to a pool and a handler module.' });

const apps = z
  .array(app, { error: () => 'a list of apps' })
  .min(1, { error: () => 'a list of at least one app' })
  .meta({ description: 'Applications, at least one; required.' });

const listen = section({
  host: host('127.0.0.1', 'Address the front listens on. Use 0.0.0.0 or :: to accept connections from other machines.'),
  port: port(8080, 'Port the front listens on; serve prints the one it got.'),
})
  .prefault({})
  .meta({ description: 'Where clients connect.' });

const admin = section({
  host: host('127.0.0.1', 'Address of the admin API.'),
  port: port(9464, 'Port of the admin API and of Prometheus /metrics.'),
  token: text('a bearer token without spaces')
    .optional()
    .meta({
      description:
        'Bearer token that every admin request must carry. Required when host is not a loopback address ' +
        '(127.0.0.0/8, ::1 in any spelling, ::ffff:127.x.x.x, or localhost). String without spaces; default none.',
    }),
})
  .transform((value) => ({ host: value.host, port: value.port, token: value.token ?? null }))
  .prefault({})
  .meta({
    description:
      'The admin API: pool and worker status, pool commands (recycle, start, stop), the event stream, the chaos ' +
      'endpoint (only when chaos.enabled is true) and Prometheus /metrics.',
  });

const limits = section({
  maxAllowedContentLength: size(
    30_000_000,
    'B',
    'Largest request body the front accepts (IIS requestFiltering/requestLimits@maxAllowedContentLength).',
    'Size',
  ),
  connectionTimeout: duration(
    '2m',
    'A request that has no response this long after it was accepted is dropped; this includes its time in the ' +
      'queue (IIS: HTTP.sys ConnectionTimeout, Timer_AppPool).',
    { isPositive: true },
  ),
  keepAliveTimeout: duration('5s', 'An idle keep-alive client connection is closed after this long (no IIS counterpart).', {
    isPositive: true,
  }),
})
  .transform((value) => ({
    maxAllowedContentLengthBytes: value.maxAllowedContentLength,
    connectionTimeoutMs: value.connectionTimeout,
    keepAliveTimeoutMs: value.keepAliveTimeout,
  }))
  .prefault({})
  .meta({ description: 'Limits the front applies to client requests and connections.' });

function ratio(defaultValue: number, meaning: string) {
  const expected = 'a number from 0 to 1';
  return z
    .number({ error: () => expected })
    .min(0, { error: () => expected })
    .max(1, { error: () => expected })
    .default(defaultValue)
    .meta({ description: describeDefault(meaning, 'Number from 0 to 1', String(defaultValue)) });
}

const telemetry = section({
  metrics: flag(
    true,
    'Records the request, queue, supervisor, worker and chaos metrics and serves them as Prometheus GET /metrics on ' +
      'the admin API. false removes the route (404 ERR_METRICS_DISABLED) and every instrument from the request path.',
  ),
  traces: section({
    samplingRatio: ratio(
      0.05,
      'Share of requests the front traces when the client sent no sampled traceparent (ParentBased(TraceIdRatio)); ' +
        'a sampled parent is always followed. Spans are created only when an exporter is configured: ' +
        'OTEL_TRACES_EXPORTER=otlp or console, or OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT.',
    ),
    maxPerSecond: integer(
      50,
      0,
      'Most traces the front starts per second over all pools, on top of samplingRatio: a token bucket holding one ' +
        "second's worth, taken only by requests the ratio selected, so tracing's cost stays bounded at full load " +
        'while a lightly loaded pool still gets its whole ratio. A sampled client traceparent takes nothing from it.',
      'Traces per second, 0 = no cap',
    ),
  })
    .prefault({})
    .meta({ description: 'Traces: a span per request at the front, joined by the worker through W3C traceparent.' }),
})
  .transform((value) => ({
    isMetricsEnabled: value.metrics,
    traceSamplingRatio: value.traces.samplingRatio,
    traceMaxPerSecond: value.traces.maxPerSecond,
  }))
  .prefault({})
  .meta({ description: 'OpenTelemetry metrics and traces.' });

/** The config file format; parses to `ServerConfig` without `file` and with `apps[].module` as written. */
export const configFileSchema = section({
  listen,
  admin,
  chaos: section({
    enabled: flag(
      false,
      'Adds the chaos endpoint (POST /chaos) to the admin API and loads the chaos agent in workers. Leave it off in production.',
    ),
  })
    .prefault({})
    .meta({ description: 'Fault injection.' }),
  limits,
  telemetry,
  log: section({ level: choice(LOG_LEVELS, 'info', 'Lowest pino level that is logged.') })
    .prefault({})
    .meta({ description: 'Logging.' }),
  pools,
  apps,
}).transform((value): Omit<ServerConfig, 'file'> => value);

/** What a config file may contain, as TypeScript sees it (durations and sizes still unparsed). */
export type ServerConfigFile = z.input<typeof configFileSchema>;
