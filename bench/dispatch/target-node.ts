/**
 * The two Node-only targets: a `node:cluster` server with 2 workers and one plain process, each
 * started from its own script and ready when it prints `listening on http://127.0.0.1:PORT`.
 */
import { join } from 'node:path';
import type { RunningTarget, TargetContext } from './target-context.ts';
import { waitForHello } from './http-probe.ts';

const START_TIMEOUT_MS = 10_000;
const LISTENING_LINE = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/;

async function startNodeScript(context: TargetContext, name: string, script: string, args: readonly string[]): Promise<RunningTarget> {
  const scriptPath = join(context.repoRoot, 'bench', 'dispatch', script);
  const child = context.children.start(name, context.nodePath, [scriptPath, ...args], { cwd: context.repoRoot });
  const [match] = await context.children.waitForLines(child, [LISTENING_LINE], START_TIMEOUT_MS);
  const origin = match?.[1];
  if (origin === undefined) throw new Error(`${name}: no listening line`);
  const url = `${origin}/`;
  await waitForHello(url, START_TIMEOUT_MS, () => (child.exit === null ? null : `${name} exited`));
  return { url, details: { pid: child.pid, command: [context.nodePath, scriptPath, ...args] } };
}

/** Starts `cluster-server.ts` with 2 workers on a free port. */
export async function startCluster(context: TargetContext): Promise<RunningTarget> {
  const target = await startNodeScript(context, 'cluster', 'cluster-server.ts', ['--workers', '2']);
  return { url: target.url, details: { ...target.details, workers: 2, schedulingPolicy: 'round-robin (Node default on Linux)' } };
}

/** Starts `plain-server.ts` on a free port. */
export function startPlain(context: TargetContext): Promise<RunningTarget> {
  return startNodeScript(context, 'plain', 'plain-server.ts', []);
}
