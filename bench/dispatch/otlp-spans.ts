/**
 * Counting the spans of OTLP/HTTP JSON trace exports (ExportTraceServiceRequest), for the loopback
 * sink of the `poolchaos-traced` target. A resource with a `poolchaos.worker.id` attribute is a
 * worker; any other resource is the front.
 */

/** Spans received so far. Counts only grow. */
export interface SpanTally {
  /** Export requests (POSTs) received, whether their body could be read or not. */
  requests: number;
  /** Export requests whose body was not OTLP JSON (their spans are not counted). */
  unreadableRequests: number;
  spans: number;
  /** Spans by side and span name, keyed `front GET`, `front poolchaos.queue.wait`, `worker GET`... */
  readonly bySideAndName: Record<string, number>;
}

/** An empty tally. */
export function emptyTally(): SpanTally {
  return { requests: 0, unreadableRequests: 0, spans: 0, bySideAndName: {} };
}

interface OtlpAttribute {
  readonly key?: unknown;
}

function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? (value as unknown[]) : [];
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

function sideOf(resourceSpans: unknown): 'front' | 'worker' {
  const attributes = asArray(field(field(resourceSpans, 'resource'), 'attributes')) as readonly OtlpAttribute[];
  return attributes.some((attribute) => attribute.key === 'poolchaos.worker.id') ? 'worker' : 'front';
}

/**
 * Adds one export request's spans to `tally` (mutated). `body` is the parsed JSON; anything without a
 * `resourceSpans` array counts as an unreadable request.
 */
export function tallyExport(tally: SpanTally, body: unknown): void {
  tally.requests++;
  const resourceSpansList = field(body, 'resourceSpans');
  if (!Array.isArray(resourceSpansList)) {
    tally.unreadableRequests++;
    return;
  }
  for (const resourceSpans of resourceSpansList as unknown[]) {
    const side = sideOf(resourceSpans);
    for (const scopeSpans of asArray(field(resourceSpans, 'scopeSpans'))) {
      for (const span of asArray(field(scopeSpans, 'spans'))) {
        const name = field(span, 'name');
        const key = `${side} ${typeof name === 'string' ? name : '(unnamed)'}`;
        tally.bySideAndName[key] = (tally.bySideAndName[key] ?? 0) + 1;
        tally.spans++;
      }
    }
  }
}
