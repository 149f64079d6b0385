/**
 * A cap on the traces the front starts per second (`telemetry.traces.maxPerSecond`). A ratio alone
 * makes tracing cost grow with load: 5% of 20,000 requests per second is 1,000 traces a second, each
 * built, buffered, serialised and sent by the front and a worker, which on the benchmark machine took
 * about a fifth of the throughput. The cap keeps that cost bounded at full load while a lightly loaded
 * pool still gets its whole ratio, as rate-limiting samplers in other tracers do.
 *
 * A token bucket: it holds at most `maxPerSecond` tokens (one second's worth of burst), refills at
 * `maxPerSecond` tokens per second, and each trace the ratio selected takes one. Pure apart from the
 * times it is given.
 */
export class TraceBudget {
  readonly #maxPerSecond: number;
  #tokens: number;
  #refilledAtMs: number;

  /** `maxPerSecond` > 0; the bucket starts full at `nowMs`. */
  constructor(maxPerSecond: number, nowMs: number) {
    if (!(maxPerSecond > 0)) throw new RangeError(`maxPerSecond must be > 0, got ${String(maxPerSecond)}`);
    this.#maxPerSecond = maxPerSecond;
    this.#tokens = maxPerSecond;
    this.#refilledAtMs = nowMs;
  }

  /** True (and one token spent) when a trace may start at `nowMs`; false when this second's budget is spent. */
  tryTake(nowMs: number): boolean {
    const elapsedMs = Math.max(0, nowMs - this.#refilledAtMs);
    this.#tokens = Math.min(this.#maxPerSecond, this.#tokens + (elapsedMs * this.#maxPerSecond) / 1000);
    this.#refilledAtMs = nowMs;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}
