/**
 * Which k6 thresholds were crossed. The script's handleSummary() writes every threshold's verdict,
 * `{metric: {expression: ok}}`; k6 itself only logs the metrics ("thresholds on metrics 'a, b' have
 * been crossed"), which is the fallback when the verdict file is missing or names none.
 */

const CROSSED_LINE = /thresholds on metrics '([^']*)' have been crossed/;

/**
 * The crossed thresholds as `metric: expression` (or the bare metric names from k6's log line),
 * sorted. `verdictsJson` is the verdict file's text or null; `output` is the tail of k6's output.
 */
export function readFailedThresholds(verdictsJson: string | null, output: string): string[] {
  const fromVerdicts = verdictsJson === null ? [] : failedInVerdicts(verdictsJson);
  if (fromVerdicts.length > 0) return fromVerdicts;
  const crossed = CROSSED_LINE.exec(output)?.[1];
  if (crossed === undefined) return [];
  return crossed
    .split(', ')
    .filter((name) => name !== '')
    .sort();
}

function failedInVerdicts(json: string): string[] {
  let verdicts: unknown;
  try {
    verdicts = JSON.parse(json);
  } catch {
    return [];
  }
  if (typeof verdicts !== 'object' || verdicts === null) return [];
  const failed: string[] = [];
  for (const [metric, expressions] of Object.entries(verdicts as Record<string, unknown>)) {
    if (typeof expressions !== 'object' || expressions === null) continue;
    for (const [expression, isOk] of Object.entries(expressions as Record<string, unknown>))
      if (isOk === false) failed.push(`${metric}: ${expression}`);
  }
  return failed.sort();
}
