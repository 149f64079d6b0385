/**
 * Reading one sample family out of a Prometheus text exposition (what `GET <admin>/metrics` serves),
 * for the after-run check of the poolchaos targets. Only what that check needs: sample lines of one
 * exact name, with or without labels; label values may hold `}`, spaces and escaped quotes.
 */

/** One sample line: its label set as written (`{a="1"}`, or `` without labels) and its value. */
export interface Sample {
  readonly labels: string;
  readonly value: number;
}

/** The series of one sample name, in exposition order, and the sum of their values. */
export interface SampleSum {
  readonly series: readonly Sample[];
  readonly total: number;
}

/** Index just past the `}` closing the label set that opens at `start` (a `{`), or -1. */
function labelSetEnd(line: string, start: number): number {
  let isInQuotes = false;
  for (let i = start + 1; i < line.length; i++) {
    const char = line[i];
    if (isInQuotes && char === '\\') i++;
    else if (char === '"') isInQuotes = !isInQuotes;
    else if (!isInQuotes && char === '}') return i + 1;
  }
  return -1;
}

/** The sample on a line of `name`, or null when the line is not one (another name, a comment, NaN). */
function parseSample(line: string, name: string): Sample | null {
  if (!line.startsWith(name)) return null;
  let labelsEnd = name.length;
  if (line[labelsEnd] === '{') labelsEnd = labelSetEnd(line, labelsEnd);
  else if (line[labelsEnd] !== ' ' && line[labelsEnd] !== '\t') return null;
  if (labelsEnd === -1) return null;
  const valueText = line.slice(labelsEnd).trim().split(/\s+/)[0] ?? '';
  const value = valueText === '+Inf' ? Infinity : valueText === '-Inf' ? -Infinity : Number(valueText);
  return valueText === '' || Number.isNaN(value) ? null : { labels: line.slice(name.length, labelsEnd), value };
}

/** Sums every sample named exactly `name` (e.g. `http_server_request_duration_count`) over its series. */
export function sumSamples(exposition: string, name: string): SampleSum {
  const series = exposition
    .split('\n')
    .map((line) => parseSample(line, name))
    .filter((sample) => sample !== null);
  return { series, total: series.reduce((sum, sample) => sum + sample.value, 0) };
}
