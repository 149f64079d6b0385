/**
 * A reader of the Prometheus text exposition (what `GET <admin>/metrics` serves): the bench's
 * after-run check sums one family with it, and the tests read whole scrapes with it. Label values may
 * hold `}`, spaces and escaped quotes; comments, blank lines, NaN samples and unreadable lines are
 * skipped.
 */

/** One sample line: its name, its label set as written (`{a="1"}`, or `` without labels) and as a record, and its value. */
export interface Sample {
  readonly name: string;
  readonly labelText: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** The series of one sample name, in exposition order, and the sum of their values. */
export interface SampleSum {
  readonly series: readonly Sample[];
  readonly total: number;
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

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

function parseLabels(labelText: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const match of labelText.matchAll(LABEL)) {
    labels[match[1] as string] = (match[2] as string).replace(/\\(.)/g, (_, char: string) => (char === 'n' ? '\n' : char));
  }
  return labels;
}

/** The sample on a line, or null when the line is not one (a comment, NaN, an unclosed label set). */
function parseSample(line: string): Sample | null {
  const name = NAME.exec(line)?.[0];
  if (name === undefined) return null;
  let labelsEnd = name.length;
  if (line[labelsEnd] === '{') labelsEnd = labelSetEnd(line, labelsEnd);
  else if (line[labelsEnd] !== ' ' && line[labelsEnd] !== '\t') return null;
  if (labelsEnd === -1) return null;
  const valueText = line.slice(labelsEnd).trim().split(/\s+/)[0] ?? '';
  const value = valueText === '+Inf' ? Infinity : valueText === '-Inf' ? -Infinity : Number(valueText);
  if (valueText === '' || Number.isNaN(value)) return null;
  const labelText = line.slice(name.length, labelsEnd);
  return { name, labelText, labels: parseLabels(labelText), value };
}

/** Every readable sample of an exposition, in order. */
export function parseExposition(exposition: string): Sample[] {
  return exposition
    .split('\n')
    .map(parseSample)
    .filter((sample) => sample !== null);
}

/** Sums every sample named exactly `name` (e.g. `http_server_request_duration_count`) over its series. */
export function sumSamples(exposition: string, name: string): SampleSum {
  const series = parseExposition(exposition).filter((sample) => sample.name === name);
  return { series, total: series.reduce((sum, sample) => sum + sample.value, 0) };
}
