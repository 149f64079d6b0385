/**
 * The fault catalogue: every kind of fault poolchaos can inject into a pool, its parameters (numbers
 * with units in their names, as the admin API takes them), and how it is delivered. The admin API
 * validates `POST /chaos` bodies with {@link faultRequestSchema}; the scenario schema accepts the same
 * kinds with human units and converts to this shape. Docs are generated from {@link FAULT_KIND_DOCS}.
 *
 * Delivery: `signal` faults are sent by the supervisor to the process; `agent` faults are told over
 * IPC to the in-worker chaos agent; `startup` faults are handed to the next workers the pool spawns.
 */
import { z } from 'zod';

export const FAULT_KINDS = [
  'crash',
  'freeze',
  'busy-loop',
  'deadlock',
  'leak',
  'slow-start',
  'crash-loop',
  'slow-responses',
  'ignore-shutdown',
  'error-responses',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Signals a `crash` may send. */
export const CRASH_SIGNALS = ['SIGKILL', 'SIGTERM', 'SIGSEGV', 'SIGABRT', 'SIGBUS', 'SIGINT', 'SIGQUIT', 'SIGHUP'] as const;

const MAX_DURATION_MS = 24 * 3600 * 1000;
const ms = z.number().int().min(1).max(MAX_DURATION_MS);
const share = z.number().min(0).max(1);

const paramsByKind = {
  crash: z.strictObject({
    method: z.enum(['signal', 'exit', 'uncaught', 'abort']).default('signal'),
    signal: z.enum(CRASH_SIGNALS).default('SIGKILL'),
    exitCode: z.number().int().min(0).max(255).default(1),
  }),
  freeze: z.strictObject({}),
  'busy-loop': z.strictObject({}),
  deadlock: z.strictObject({}),
  leak: z.strictObject({
    rateBytesPerSecond: z
      .number()
      .int()
      .min(1)
      .default(16 * 1024 * 1024),
    capBytes: z
      .number()
      .int()
      .min(1)
      .default(512 * 1024 * 1024),
  }),
  'slow-start': z.strictObject({ count: z.number().int().min(1).default(1), delayMs: ms }),
  'crash-loop': z.strictObject({ count: z.number().int().min(1), exitCode: z.number().int().min(1).max(255).default(1) }),
  'slow-responses': z.strictObject({ delayMs: ms, share: share.default(1) }),
  'ignore-shutdown': z.strictObject({}),
  'error-responses': z.strictObject({ share: share.default(1), status: z.number().int().min(400).max(599).default(500) }),
} as const satisfies Record<FaultKind, z.ZodType>;

/** Parameters of each kind after defaults are filled. */
export type FaultParams = { [K in FaultKind]: z.output<(typeof paramsByKind)[K]> };

/** Which workers a fault hits: a choice among the pool's ready workers (ordered by worker id). */
export type WorkerSelector = 'random' | 'oldest' | 'newest' | 'all' | { readonly index: number } | { readonly pid: number };

const workerSelectorSchema = z.union([
  z.enum(['random', 'oldest', 'newest', 'all']),
  z
    .number()
    .int()
    .min(0)
    .transform((index) => ({ index })),
  z.strictObject({ index: z.number().int().min(0) }),
  z.strictObject({ pid: z.number().int().min(1) }),
]);

/** How each kind is delivered and whether it needs a duration. */
export const FAULT_KIND_RULES: Readonly<
  Record<FaultKind, { readonly delivery: 'signal' | 'agent' | 'startup'; readonly duration: 'required' | 'optional' | 'none' }>
> = {
  crash: { delivery: 'signal', duration: 'none' },
  freeze: { delivery: 'signal', duration: 'required' },
  'busy-loop': { delivery: 'agent', duration: 'required' },
  deadlock: { delivery: 'agent', duration: 'optional' },
  leak: { delivery: 'agent', duration: 'optional' },
  'slow-start': { delivery: 'startup', duration: 'none' },
  'crash-loop': { delivery: 'startup', duration: 'none' },
  'slow-responses': { delivery: 'agent', duration: 'optional' },
  'ignore-shutdown': { delivery: 'agent', duration: 'none' },
  'error-responses': { delivery: 'agent', duration: 'optional' },
};

/** A validated fault request: the body of `POST /chaos`. */
export type FaultRequest = {
  [K in FaultKind]: {
    readonly kind: K;
    readonly pool: string;
    readonly worker: WorkerSelector;
    readonly count: number;
    readonly params: FaultParams[K];
    readonly durationMs: number | null;
    readonly seed: number;
  };
}[FaultKind];

const requestBase = {
  pool: z.string().min(1),
  worker: workerSelectorSchema.default('random'),
  count: z.number().int().min(1).default(1),
  durationMs: ms.nullable().default(null),
  seed: z.number().int().min(0).max(0xffffffff).default(0),
};

function requestOf<K extends FaultKind, P extends z.ZodType>(kind: K, params: P) {
  return z.strictObject({ kind: z.literal(kind), ...requestBase, params: params.prefault({} as z.input<P>) });
}

/** Zod schema of a `POST /chaos` body; kinds are told apart by `kind`. */
export const faultRequestSchema = z
  .discriminatedUnion('kind', [
    requestOf('crash', paramsByKind['crash']),
    requestOf('freeze', paramsByKind['freeze']),
    requestOf('busy-loop', paramsByKind['busy-loop']),
    requestOf('deadlock', paramsByKind['deadlock']),
    requestOf('leak', paramsByKind['leak']),
    requestOf('slow-start', paramsByKind['slow-start']),
    requestOf('crash-loop', paramsByKind['crash-loop']),
    requestOf('slow-responses', paramsByKind['slow-responses']),
    requestOf('ignore-shutdown', paramsByKind['ignore-shutdown']),
    requestOf('error-responses', paramsByKind['error-responses']),
  ])
  .superRefine((request, context) => {
    const rule = FAULT_KIND_RULES[request.kind];
    if (rule.duration === 'required' && request.durationMs === null) {
      context.addIssue({ code: 'custom', path: ['durationMs'], message: `${request.kind} needs durationMs (how long it lasts)` });
    }
    if (rule.duration === 'none' && request.durationMs !== null) {
      context.addIssue({ code: 'custom', path: ['durationMs'], message: `${request.kind} takes no durationMs` });
    }
  });

/** The params schema of one kind (scenario files reuse it after converting units). */
export function faultParamsSchema(kind: FaultKind): z.ZodType {
  return paramsByKind[kind];
}

/** Validates a fault request; returns the issues as `path: message` lines when it is not valid. */
export function parseFaultRequest(value: unknown): { ok: true; request: FaultRequest } | { ok: false; issues: string[] } {
  const result = faultRequestSchema.safeParse(value);
  if (result.success) return { ok: true, request: result.data as FaultRequest };
  return {
    ok: false,
    issues: result.error.issues.map((issue) => `${issue.path.length === 0 ? '(body)' : issue.path.join('.')}: ${issue.message}`),
  };
}

/** What each kind does and what its params mean, for `--help` and docs/faults.md. */
export const FAULT_KIND_DOCS: Readonly<Record<FaultKind, { readonly does: string; readonly params: string }>> = {
  crash: {
    does: 'Ends the target workers at once: a signal from the supervisor, or from inside the worker process.exit, an uncaught exception or abort().',
    params:
      '`method` signal|exit|uncaught|abort (default signal); `signal` SIGKILL (default), SIGTERM, SIGSEGV, SIGABRT, SIGBUS, SIGINT, SIGQUIT, SIGHUP; `exitCode` for exit (default 1).',
  },
  freeze: {
    does: 'SIGSTOP for the duration, then SIGCONT unless the supervisor replaced the worker meanwhile.',
    params: 'none; `duration` required.',
  },
  'busy-loop': {
    does: "Blocks the worker's event loop for the duration: no request and no ping is answered.",
    params: 'none; `duration` required.',
  },
  deadlock: {
    does: 'Requests that arrive during the fault are accepted and never answered; the event loop stays free, so pings still succeed.',
    params: 'none; `duration` optional (default: until the worker ends).',
  },
  leak: {
    does: 'Retains memory (touched, so it counts in private bytes and RSS) at a rate up to a cap.',
    params: '`rate` bytes per second (default 16MiB); `cap` bytes (default 512MiB); `duration` optional.',
  },
  'slow-start': {
    does: 'The next `count` workers the pool starts wait `delay` before they report ready.',
    params: '`count` (default 1); `delay` required (make it longer than startupTimeLimit to fail the start).',
  },
  'crash-loop': {
    does: 'The next `count` workers the pool starts exit during startup, before ready.',
    params: '`count` required; `exitCode` (default 1).',
  },
  'slow-responses': {
    does: 'Adds latency to a share of the requests the target workers receive.',
    params: '`delay` required; `share` 0..1 (default 1); `duration` optional.',
  },
  'ignore-shutdown': {
    does: 'The target workers ignore drain requests and SIGTERM, so only shutdownTimeLimit ends them.',
    params: 'none.',
  },
  'error-responses': {
    does: 'The app answers `status` on a share of requests: served, not lost.',
    params: '`share` 0..1 (default 1); `status` 400..599 (default 500); `duration` optional.',
  },
};
