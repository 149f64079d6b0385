/**
 * The translation table: one scenario expectation as k6 states it in a promise script, as thresholds
 * on the metrics the script and the poolchaos extension emit, or as a check of the event follower's
 * summary; or, when k6 has no such figure, why it is judged by `npm run chaos` only. Pure.
 *
 * Windows become the `phase` tag (before the first fault, or the k6 run's after window). Request
 * counts compare with 0 as written; a served or sent floor is scaled to the k6 run (see
 * {@link TranslationContext.scaledFloor}); any other request count depends on the harness's load.
 */
import type { ComparisonOperator, Expectation, ExpectationWindow } from '../../chaos/expect/expectation.ts';

/** One k6 threshold: a metric (or sub-metric) and one expression. */
export interface ThresholdLine {
  readonly metric: string;
  readonly expression: string;
}

/** What the event follower's summary counts: events of a type (in one pool or all), or recoveries. */
export type EventCount = { readonly type: string; readonly pool: string | null } | 'recoveries';

/** A check the events scenario makes on the follower's summary, named by the expectation it states. */
export interface EventCheck {
  readonly name: string;
  readonly count: EventCount;
  readonly operator: ComparisonOperator;
  readonly value: number;
}

/** One expectation and what the k6 run makes of it. */
export type Translation =
  | { readonly expectation: string; readonly thresholds: readonly ThresholdLine[]; readonly eventChecks: readonly EventCheck[] }
  | { readonly expectation: string; readonly chaosOnly: string };

/** What a translation needs to know about the k6 run. */
export interface TranslationContext {
  /** Injections on the scenario's timeline (repeats expanded). */
  readonly injectionCount: number;
  /** A served or sent floor of `value` over `window`, as the k6 run states it; null when it cannot. */
  readonly scaledFloor: (value: number, window: ExpectationWindow) => number | null;
}

const REQUEST_METRICS: Readonly<Record<string, string>> = {
  sent: 'http_reqs',
  served: 'requests_served',
  rejected: 'requests_rejected',
  lost: 'requests_lost',
};
const LATENCY_AGGREGATIONS: Readonly<Record<string, string>> = { p50: 'med', p90: 'p(90)', p99: 'p(99)', max: 'max', mean: 'avg' };
const RECOVERY_AGGREGATIONS: Readonly<Record<string, string>> = { max: 'max', min: 'min', mean: 'avg' };
/** Why a bound with figure terms has no k6 form. */
function holdsFigures(expectation: Expectation): string {
  return `its bound holds a figure of the run (${expectation.terms.map((term) => term.text).join(', ')}), which k6 does not have`;
}

const RECOVERY_SEEN: ThresholdLine = { metric: 'poolchaos_recovery_duration', expression: 'min>0' };

/** Why whole families of figures have no k6 counterpart. */
const NO_K6_FIGURE: readonly (readonly [RegExp, string])[] = [
  [/^front\./, "the front's own count; k6 sees only the client's side"],
  [/^requests\.retried$/, 'a replay is invisible to the client'],
  [/^requests\.inFlightAtStop$/, 'k6 lets every request finish or time out before it stops'],
  [/^requests\.(lost|rejected)Rate$/, "k6's rate (http_req_failed) counts every unexpected status, not only losses or rejections"],
  [/^workers\./, 'k6 has no figure for start-ups or for the ready workers of all pools together'],
  [/^disagreements$/, "it compares the harness's client and front counts"],
];

/** `metric{tag:value,...}` with the tags in the order given; the bare metric without tags. */
export function subMetric(metric: string, tags: Readonly<Record<string, string>>): string {
  const entries = Object.entries(tags);
  return entries.length === 0 ? metric : `${metric}{${entries.map(([name, value]) => `${name}:${value}`).join(',')}}`;
}

/** `aggregation operator value`, as k6 parses it. */
export function expression(aggregation: string, operator: ComparisonOperator, value: number): string {
  return `${aggregation}${operator}${String(value)}`;
}

/** Translates one parsed expectation. */
export function translateExpectation(expectation: Expectation, context: TranslationContext): Translation {
  const text = expectation.text.replace(/\s+/g, ' ').trim();
  const result = translate(expectation, context, text);
  return typeof result === 'string'
    ? { expectation: text, chaosOnly: result }
    : { expectation: text, thresholds: result.thresholds, eventChecks: result.eventChecks ?? [] };
}

type Outcome = string | { readonly thresholds: readonly ThresholdLine[]; readonly eventChecks?: readonly EventCheck[] };

function translate(expectation: Expectation, context: TranslationContext, text: string): Outcome {
  const { figure } = expectation;
  const request = /^(?:requests\.)?(sent|served|rejected|lost)$/.exec(figure);
  if (request?.[1] !== undefined) return requestCount(expectation, request[1], context);
  if (figure.startsWith('latency.')) return latency(expectation);
  if (figure.startsWith('recovery.')) return recovery(expectation, text);
  if (expectation.terms.length > 0) return holdsFigures(expectation);
  switch (figure) {
    case 'faults.injected':
      return { thresholds: [count(subMetric('poolchaos_fault_injected', tagsFor(expectation, { kind: 'kind' })), expectation)] };
    case 'faults.failed':
      return faultsFailed(expectation, context);
    case 'restarts':
      return { thresholds: [count(subMetric('poolchaos_worker_restarts', tagsFor(expectation, { reason: 'reason' })), expectation)] };
    case 'recycles':
      if (expectation.labels['reason'] === undefined) return 'k6 counts recycles among the restarts by reason; name the reason';
      return { thresholds: [count(subMetric('poolchaos_worker_restarts', tagsFor(expectation, { reason: 'reason' })), expectation)] };
    case 'events':
      return events(expectation, text);
    default:
      return NO_K6_FIGURE.find(([pattern]) => pattern.test(figure))?.[1] ?? 'k6 has no figure for it';
  }
}

/** The expectation's labels renamed to k6 tags (`{reason: 'reason'}`), then its window as `phase`. */
function tagsFor(expectation: Expectation, names: Readonly<Record<string, string>>): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const [label, value] of Object.entries(expectation.labels)) {
    const tag = names[label];
    if (tag !== undefined) tags[tag] = value;
  }
  if (expectation.window !== 'run') tags['phase'] = expectation.window;
  return tags;
}

function count(metric: string, expectation: Expectation): ThresholdLine {
  return { metric, expression: expression('count', expectation.operator, expectation.value) };
}

function requestCount(expectation: Expectation, what: string, context: TranslationContext): Outcome {
  if (expectation.terms.length > 0) return holdsFigures(expectation);
  const { labels, operator, value } = expectation;
  if (labels['reason'] !== undefined && what === 'lost') return "k6 tells losses apart by its error codes, not by the harness's reasons";
  if (labels['status']?.endsWith('xx') === true) return 'a k6 sub-metric matches one status, not a class';
  const metric = subMetric(REQUEST_METRICS[what] ?? what, tagsFor(expectation, { reason: 'reason', status: 'status' }));
  if (value === 0) {
    const lines = [count(metric, expectation)];
    const isNothingLost = what === 'lost' && operator === '==' && Object.keys(labels).length === 0;
    return {
      thresholds: isNothingLost
        ? [{ metric: subMetric('http_req_failed', tagsFor(expectation, {})), expression: 'rate==0' }, ...lines]
        : lines,
    };
  }
  const isFloor = (what === 'served' || what === 'sent') && (operator === '>' || operator === '>=');
  if (!isFloor)
    return `a request count of ${String(value)} depends on the harness's load (k6 keeps only bounds of 0 and served or sent floors)`;
  const floor = context.scaledFloor(value, expectation.window);
  if (floor === null) return `the scenario's ${expectation.window} window is empty, so its floor cannot be scaled to the k6 run`;
  return { thresholds: [{ metric, expression: expression('count', operator, floor) }] };
}

function latency(expectation: Expectation): Outcome {
  if (expectation.terms.length > 0) return holdsFigures(expectation);
  const aggregation = LATENCY_AGGREGATIONS[expectation.figure.slice('latency.'.length)] ?? 'max';
  return {
    thresholds: [
      {
        metric: subMetric('http_req_duration', tagsFor(expectation, {})),
        expression: expression(aggregation, expectation.operator, expectation.value),
      },
    ],
  };
}

/**
 * Recovery: k6 measures each fault's recovery and its detection (the recovery minus the start-up of
 * the worker that ended it), so `max < C + workers.startupMs.max` becomes detection `max < C`: every
 * fault was detected within C. Each form also needs a recovery to have happened (min>0), as the
 * harness's figure has no value without one.
 */
function recovery(expectation: Expectation, text: string): Outcome {
  const stat = expectation.figure.slice('recovery.replacementReadyMs.'.length);
  const { operator, value, terms } = expectation;
  if (stat === 'count') {
    if (terms.length > 0) return holdsFigures(expectation);
    return { thresholds: [], eventChecks: [{ name: text, count: 'recoveries', operator, value }] };
  }
  if (terms.length === 0) {
    return {
      thresholds: [
        RECOVERY_SEEN,
        { metric: 'poolchaos_recovery_duration', expression: expression(RECOVERY_AGGREGATIONS[stat] ?? 'max', operator, value) },
      ],
    };
  }
  const [term] = terms;
  const isDetectionBound =
    stat === 'max' &&
    (operator === '<' || operator === '<=') &&
    terms.length === 1 &&
    term?.sign === 1 &&
    term.figure === 'workers.startupMs.max' &&
    term.window === 'run' &&
    Object.keys(term.labels).length === 0;
  if (!isDetectionBound)
    return 'k6 bounds recoveries only as recovery.replacementReadyMs.max < C + workers.startupMs.max (the detection) or against a constant';
  return { thresholds: [RECOVERY_SEEN, { metric: 'poolchaos_detection_duration', expression: expression('max', operator, value) }] };
}

function faultsFailed(expectation: Expectation, context: TranslationContext): Outcome {
  if (expectation.operator !== '==' || expectation.value !== 0 || Object.keys(expectation.labels).length > 0) {
    return 'k6 counts the injections that succeeded; only faults.failed == 0 carries over';
  }
  if (context.injectionCount === 0) return 'the scenario injects no fault, so the k6 run has no faults scenario';
  return {
    thresholds: [
      { metric: 'poolchaos_fault_injected', expression: `count==${String(context.injectionCount)}` },
      { metric: 'checks{scenario:faults}', expression: 'rate==1' },
    ],
  };
}

function events(expectation: Expectation, text: string): Outcome {
  const { type, pool, ...others } = expectation.labels;
  if (expectation.window !== 'run') return 'the k6 event follower does not split events by phase';
  if (Object.keys(others).length > 0)
    return `the k6 event follower counts events by type and pool only, not by ${Object.keys(others).join(', ')}`;
  if (type === 'rapid-fail-tripped') {
    return { thresholds: [count(subMetric('poolchaos_rapid_fail_trips', pool === undefined ? {} : { pool }), expectation)] };
  }
  return {
    thresholds: [],
    eventChecks: [
      { name: text, count: { type: type ?? '', pool: pool ?? null }, operator: expectation.operator, value: expectation.value },
    ],
  };
}
