/**
 * What the dispatcher tells telemetry about each request. The dispatcher calls these at the points
 * where it already decides an exchange's fate, so metrics and traces agree with the request
 * accounting exactly. Implementations must be cheap and must never throw into the request path.
 */
import type { IncomingMessage } from 'node:http';
import type { RequestOutcome } from '../telemetry/metric-catalogue.ts';

/** Telemetry's handle on one accepted request; opaque to the dispatcher. */
export interface RequestObservation {
  /** W3C traceparent to send to the worker in place of the client's, or null to forward headers as they are. */
  readonly traceparent: string | null;
}

export interface RequestObserver {
  /** A request passed the door; `begin` runs before the upstream head is built. */
  begin(req: IncomingMessage): RequestObservation;
  /** The request went to a worker (`attempt` counts from 1; the first one ends its queue wait). */
  dispatched(observation: RequestObservation, workerId: number, pid: number, attempt: number): void;
  /** The request is queued again for a replay after its worker died. */
  retried(observation: RequestObservation, attempt: number): void;
  /** The request ended (`rejected` when its pool stopped while it waited); `statusCode` is null when the client got no status line. */
  end(observation: RequestObservation, outcome: RequestOutcome, statusCode: number | null): void;
  /** The request was refused at the door (503, or a reset when `statusCode` is null). */
  rejected(req: IncomingMessage, statusCode: number | null): void;
}
