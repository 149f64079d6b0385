/**
 * Reading a /metrics scrape in tests: the bench's exposition reader (bench/dispatch/prometheus-text.ts)
 * plus lookups by name and labels.
 */
import type { Sample } from '../../bench/dispatch/prometheus-text.ts';

export { parseExposition } from '../../bench/dispatch/prometheus-text.ts';
export type { Sample };

/** Samples named `name` whose labels include every pair of `labels`. */
export function samplesOf(samples: readonly Sample[], name: string, labels: Readonly<Record<string, string>> = {}): Sample[] {
  return samples.filter((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value));
}

/** The value of the one sample matching; undefined when none does, an error when several do. */
export function sampleValue(samples: readonly Sample[], name: string, labels: Readonly<Record<string, string>>): number | undefined {
  const matching = samplesOf(samples, name, labels);
  if (matching.length > 1) throw new Error(`${String(matching.length)} samples of ${name} match ${JSON.stringify(labels)}`);
  return matching[0]?.value;
}
