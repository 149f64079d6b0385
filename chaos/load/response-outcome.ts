/**
 * What a complete response counts as. A rejection is the front refusing on purpose: a 503 that
 * carries the `x-poolchaos-reject` header naming why. Every other complete response is served,
 * whatever its status (a 503 without the header is the app's own answer).
 */
import { REJECT_REASON_HEADER } from '../../server/index.ts';
import { headerValue } from './raw-headers.ts';

/** A complete response, classified. */
export type ResponseOutcome =
  { readonly kind: 'served'; readonly statusCode: number } | { readonly kind: 'rejected'; readonly reason: string };

/** Reason recorded for a rejection whose header is present but empty. */
export const UNKNOWN_REJECT_REASON = 'Unknown';

/** Classifies a response from its status and raw headers (`[name, value, name, value, ...]`). */
export function classifyResponse(statusCode: number, rawHeaders: readonly string[]): ResponseOutcome {
  if (statusCode === 503) {
    const reason = headerValue(rawHeaders, REJECT_REASON_HEADER);
    if (reason !== null) return { kind: 'rejected', reason: reason.trim() === '' ? UNKNOWN_REJECT_REASON : reason.trim() };
  }
  return { kind: 'served', statusCode };
}
