/**
 * The scenario FILE format as a zod schema: human durations and sizes, defaults filled, every object
 * strict so a typo never passes silently. `load-scenario.ts` adds the rules that span several keys
 * (fault times inside the fault window, pools that exist, expectations that parse) and converts the
 * result into the typed `Scenario`. Every key carries a description that the JSON Schema publishes.
 */
import { z } from 'zod';
import { FAULT_KINDS } from '../../faults/index.ts';
import { tryParseDurationMs } from '../../server/index.ts';
import { LOAD_TOOLS } from '../load/load-types.ts';

/** Scenario names: used in file names and report titles. */
export const SCENARIO_NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$';

const DURATION_EXAMPLE = 'a duration such as 500ms, 2s, 1m30s or milliseconds';

/** A duration field: accepts `90s`, `1m30s`, `00:01:30` or ms; yields ms. */
function duration(description: string) {
  return z
    .union([z.string(), z.number()])
    .transform((value, context) => {
      const parsed = tryParseDurationMs(value);
      if (parsed.ok) return parsed.value;
      context.addIssue({ code: 'custom', message: `${parsed.problem}; expected ${DURATION_EXAMPLE}`, input: value });
      return z.NEVER;
    })
    .meta({ description: `${description} (${DURATION_EXAMPLE})` });
}

const workerSelector = z
  .union([z.enum(['random', 'oldest', 'newest', 'all']), z.number().int().min(0), z.strictObject({ pid: z.number().int().min(1) })])
  .default('random')
  .meta({
    description: 'Which ready workers: random (seeded), oldest, newest, all, an index (by worker id order) or {pid}; default random.',
  });

const faultSchema = z.strictObject({
  at: duration('When the fault is injected, from the start of the load'),
  kind: z.enum(FAULT_KINDS).meta({ description: 'The fault kind; see the fault table in docs/faults.md.' }),
  target: z
    .strictObject({
      pool: z.string().min(1).meta({ description: 'The pool to inject into.' }),
      worker: workerSelector,
      count: z.number().int().min(1).default(1).meta({ description: 'How many workers (ignored by all); default 1.' }),
    })
    .meta({ description: 'Where the fault lands.' }),
  params: z
    .record(z.string(), z.unknown())
    .default({})
    .meta({ description: 'Kind-specific parameters; durations and sizes take units (delay: 300ms, rate: 16MiB, cap: 256MiB).' }),
  duration: duration('How long a lasting fault lasts (freeze, busy-loop, deadlock, leak, slow-responses, error-responses)').optional(),
  repeat: z
    .strictObject({
      every: duration('Time between repetitions'),
      times: z.number().int().min(2).max(1000).meta({ description: 'Total injections, the first included.' }),
    })
    .optional()
    .meta({ description: 'Inject the same fault several times: at, at+every, ...' }),
});

/**
 * A k6 threshold expression, `aggregation operator number`, as k6 v2's parser reads it
 * (metrics/thresholds_parser.go); checked here so a typo fails before any server starts.
 */
const THRESHOLD_EXPRESSION =
  /^ *(?:count|rate|value|avg|min|max|med|p\(\d+(?:\.\d+)?\)) *(?:>=|<=|===|==|!=|>|<) *-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)? *$/;

const thresholdExpression = z
  .string()
  .regex(THRESHOLD_EXPRESSION, {
    error: 'not a k6 threshold expression; expected aggregation, operator and number, e.g. p(99)<800, rate<0.01, count==0',
  })
  .meta({ description: 'A k6 threshold expression, e.g. p(99)<800 (ms for time metrics).' });

const requestSchema = z.strictObject({
  method: z
    .string()
    .regex(/^[A-Z]+$/)
    .default('GET')
    .meta({ description: 'HTTP method; default GET.' }),
  path: z.string().startsWith('/').default('/').meta({ description: 'Request path with query; default /.' }),
  headers: z.record(z.string(), z.string()).default({}).meta({ description: 'Extra request headers.' }),
  body: z.string().nullable().default(null).meta({ description: 'Request body, or null.' }),
});

/**
 * What a k6 run of the promise (`npm run k6:suite`, the script `npm run k6:generate` derives from this
 * file) does differently from `npm run chaos`: k6 drives an open model, so it needs a rate, and it
 * usually runs longer. Every key is optional and defaults to the scenario's own value.
 */
const k6Schema = z
  .strictObject({
    rate: z.number().int().min(1).optional().meta({
      description:
        'Open-model requests per second over the whole k6 load, shared evenly by its load scenarios (one per pool that load.requests reach); default load.rate, required when the load is a closed loop.',
    }),
    duration: duration('How long the k6 load runs; default load.duration').optional(),
    faultsAt: duration(
      "When the k6 run injects the first fault (and starts the burst), from the start of the load; later faults keep their spacing from the first; default the first fault's at, or steadyState.before",
    ).optional(),
    after: duration('The k6 after window: the last part of the load that after.* expectations read; default steadyState.after').optional(),
    burst: z
      .strictObject({
        rate: z.number().int().min(1).meta({ description: 'Requests per second of the burst.' }),
        duration: duration('How long the burst lasts'),
      })
      .optional()
      .meta({
        description:
          'An extra open-model load of load.requests from faultsAt: the fault of a promise whose fault is more load than the pool can hold.',
      }),
    verdictPower: z.boolean().default(true).meta({
      description:
        "Whether npm run k6:suite also runs the verdict-power twin, whose thresholds must fail (k6 exit 99); false when k6's open model cannot show the broken protection on every run.",
    }),
  })
  .optional()
  .meta({
    description:
      'What a k6 run of this promise (npm run k6:suite) does differently; its script is generated from this file by npm run k6:generate.',
  });

/** The scenario file schema. */
export const scenarioFileSchema = z.strictObject({
  name: z.string().regex(new RegExp(SCENARIO_NAME_PATTERN)).meta({ description: 'Scenario name (letters, digits, . _ -).' }),
  description: z.string().default('').meta({ description: 'What the scenario shows, for reports.' }),
  seed: z
    .number()
    .int()
    .min(0)
    .max(0xffffffff)
    .default(1)
    .meta({ description: 'Seeds every random choice (fault targets, shares); default 1.' }),
  target: z
    .strictObject({
      server: z.record(z.string(), z.unknown()).optional().meta({
        description:
          'A server config (the serve --config format) that the harness starts on loopback ports and stops; chaos is enabled for it.',
      }),
      urls: z
        .strictObject({
          front: z.url().meta({ description: 'Base URL of the running front (loopback only).' }),
          admin: z.url().meta({ description: 'Base URL of its admin API.' }),
          token: z.string().optional().meta({ description: 'Bearer token for the admin API.' }),
        })
        .optional()
        .meta({ description: 'A running server to attach to (e.g. the compose stack); it must have chaos.enabled for faults.' }),
    })
    .meta({ description: 'Exactly one of server or urls.' }),
  load: z.strictObject({
    tool: z.enum(LOAD_TOOLS).default('autocannon').meta({
      description: 'Load generator, run in its own process: autocannon (default) or k6 (the bin/k6 that npm run k6:build makes).',
    }),
    connections: z.number().int().min(1).max(1000).default(10).meta({ description: 'Concurrent connections; default 10.' }),
    rate: z
      .number()
      .int()
      .min(1)
      .nullable()
      .default(null)
      .meta({ description: 'Requests per second over all connections; null (default) for closed loop.' }),
    duration: duration('How long the load runs'),
    timeout: duration('Per-request timeout; a timed-out request is lost; default 5s').default(5000),
    keepAlive: z.boolean().default(true).meta({ description: 'Reuse connections; false sends connection: close on each request.' }),
    requests: z
      .array(requestSchema)
      .min(1)
      .default([{ method: 'GET', path: '/', headers: {}, body: null }])
      .meta({
        description: 'Requests sent in turn; default one GET /.',
      }),
    thresholds: z.record(z.string().min(1), z.array(thresholdExpression).min(1)).optional().meta({
      description:
        'k6 only: k6 thresholds, metric (or sub-metric such as http_req_duration{status:200}) to expressions like "p(99)<800"; any crossed threshold fails the verdict.',
    }),
  }),
  steadyState: z
    .strictObject({
      before: duration('Fault-free load before the first fault').default(0),
      after: duration('Fault-free load after the fault window').default(0),
    })
    .default({ before: 0, after: 0 })
    .meta({ description: 'Steady-state windows; expectations prefixed before. or after. read only those seconds.' }),
  faults: z.array(faultSchema).default([]).meta({ description: 'The fault timeline.' }),
  expect: z
    .array(z.string())
    .min(1)
    .meta({ description: 'Expectations in k6 threshold style, e.g. "requests.lost == 0", "latency.p99 < 800ms".' }),
  k6: k6Schema,
  verdictPower: z
    .strictObject({
      breaks: z.string().min(1).meta({ description: 'The protection the patch switches off, in words (shown in reports).' }),
      server: z.record(z.string(), z.unknown()).meta({ description: 'Deep-merged into target.server for the paired run that must fail.' }),
    })
    .optional()
    .meta({ description: 'The paired run of chaos:verdict-power: this scenario with a protection off must fail its verdict.' }),
});

export type ScenarioFile = z.output<typeof scenarioFileSchema>;
