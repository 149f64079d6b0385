import { callAdmin, type PoolStatus } from '../../server/index.ts';
import type { AdminTarget } from '../admin-client.ts';
import { EXIT_BAD_INPUT, EXIT_OK } from '../exit-codes.ts';
import { POOL_USAGE } from '../usage.ts';

const ACTIONS = new Set(['list', 'show', 'recycle', 'start', 'stop']);

/** One line per pool, in the spirit of `appcmd list apppool`. */
export function formatPoolTable(pools: readonly PoolStatus[]): string {
  const rows = [['POOL', 'STATE', 'QUEUE', 'WORKERS', 'RESTARTS', 'REJECTED', 'LOST']];
  for (const pool of pools) {
    const byState = new Map<string, number>();
    for (const worker of pool.workers) byState.set(worker.state, (byState.get(worker.state) ?? 0) + 1);
    const workers = byState.size === 0 ? '-' : [...byState].map(([state, count]) => `${count} ${state}`).join(', ');
    const restarts = Object.values(pool.restarts).reduce((sum, count) => sum + count, 0);
    const rejected = Object.values(pool.rejected).reduce((sum, count) => sum + count, 0);
    const lost = Object.values(pool.requests.lost).reduce((sum, count) => sum + count, 0);
    const state = pool.stopReason === null ? pool.state : `${pool.state} (${pool.stopReason})`;
    rows.push([pool.name, state, `${pool.queue.length}/${pool.queue.limit}`, workers, String(restarts), String(rejected), String(lost)]);
  }
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return (
    rows
      .map((row) =>
        row
          .map((cell, column) => cell.padEnd(widths[column]!))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}

/** `poolchaos pool <action> [name]`. */
export async function pool(args: readonly string[], target: AdminTarget, isJson: boolean): Promise<number> {
  const [action, name] = args;
  if (action === undefined || !ACTIONS.has(action)) {
    process.stderr.write(`poolchaos pool: unknown action ${action ?? '(none)'}\n\n${POOL_USAGE}`);
    return EXIT_BAD_INPUT;
  }
  if (action === 'list') {
    const { pools } = (await callAdmin(target, 'GET', '/pools')) as { pools: PoolStatus[] };
    process.stdout.write(isJson ? `${JSON.stringify(pools, null, 2)}\n` : formatPoolTable(pools));
    return EXIT_OK;
  }
  if (name === undefined) {
    process.stderr.write(`poolchaos pool ${action}: a pool name is required\n`);
    return EXIT_BAD_INPUT;
  }
  const path = `/pools/${encodeURIComponent(name)}`;
  const status = (await callAdmin(
    target,
    action === 'show' ? 'GET' : 'POST',
    action === 'show' ? path : `${path}/${action}`,
  )) as PoolStatus;
  if (action === 'show' || isJson) process.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
  else process.stdout.write(`pool ${status.name}: ${action} requested; state ${status.state}\n`);
  return EXIT_OK;
}
