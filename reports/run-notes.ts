/**
 * Sentences every report adds beside its tables: what an expectation's formula bound came to, and how
 * the load ended (the driver's drain). JUnit, Markdown and HTML use the same words.
 */
import type { ExpectationResult, Journal } from '../chaos/index.ts';
import { formatFigure } from './format-figures.ts';

/** The note of an expectation: its formula bound (when it has one) and why it failed (when it says). */
export function expectationNote(expectation: ExpectationResult): string {
  const parts: string[] = [];
  if (expectation.bound !== undefined) parts.push(`bound ${formatFigure(expectation.bound)}`);
  if (expectation.message !== null) parts.push(expectation.message);
  return parts.join('; ');
}

/** How the load ended, in one sentence; null when the journal does not say (k6, older journals). */
export function describeDrain(journal: Journal): string | null {
  const drain = journal.load.drain;
  if (drain === undefined || drain === null) return null;
  if (drain.inFlightAtEnd === 0) return 'No request was in flight when the load ended.';
  const lost = Object.values(drain.lostByReason).reduce((total, count) => total + count, 0);
  const timeouts = drain.lostByReason.timeout;
  const timedOut = timeouts === 0 ? '' : ` (${String(timeouts)} still unanswered after load.timeout, counted as timeouts)`;
  return (
    `${String(drain.inFlightAtEnd)} requests were in flight when the load's duration ended; the driver stopped sending ` +
    `and waited ${formatFigure(drain.waitedMs)} ms for them: ${String(drain.served)} served, ${String(drain.rejected)} rejected, ` +
    `${String(lost)} lost${timedOut}.`
  );
}
