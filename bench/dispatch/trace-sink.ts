/**
 * Starts `otlp-sink.ts` as a registered child (so the runner stops it with the target) and reads its
 * tally. The sink runs in its own process, like a collector would, rather than in the runner.
 */
import { join } from 'node:path';
import type { TargetContext } from './target-context.ts';
import { httpGet } from './http-probe.ts';
import type { SpanTally } from './otlp-spans.ts';

const START_TIMEOUT_MS = 10_000;
const LISTENING_LINE = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/;

/** A running sink: where to export to, and its tally so far. */
export interface TraceSink {
  readonly pid: number;
  /** The value for OTEL_EXPORTER_OTLP_TRACES_ENDPOINT (`http://127.0.0.1:PORT/v1/traces`). */
  readonly tracesEndpoint: string;
  readonly readTally: () => Promise<SpanTally>;
}

/** Starts the sink and resolves once it listens. */
export async function startTraceSink(context: TargetContext): Promise<TraceSink> {
  const scriptPath = join(context.repoRoot, 'bench', 'dispatch', 'otlp-sink.ts');
  const child = context.children.start('otlp-sink', context.nodePath, [scriptPath], { cwd: context.repoRoot });
  const [match] = await context.children.waitForLines(child, [LISTENING_LINE], START_TIMEOUT_MS);
  const origin = match?.[1];
  if (origin === undefined) throw new Error('otlp-sink: no listening line');
  const readTally = async (): Promise<SpanTally> => {
    const response = await httpGet(`${origin}/stats`);
    if (response.status !== 200) throw new Error(`otlp-sink: GET /stats answered ${String(response.status)}`);
    return JSON.parse(response.body) as SpanTally;
  };
  return { pid: child.pid, tracesEndpoint: `${origin}/v1/traces`, readTally };
}
