/**
 * The worker state machine. One table, owned here; every transition the supervisor makes goes through
 * {@link canTransition}.
 *
 *   starting ──ready──▶ ready ──recycle/idle/stop──▶ draining ──exit──▶ (gone)
 *      │                  │  └──no pong / deadlock──▶ unresponsive ──kill──▶ (gone)
 *      │                  │                               └──orphanWorkerProcess──▶ orphaned
 *      └──startup timeout / exit──▶ (gone)
 *
 * Only `ready` workers receive requests. A worker leaves the table when its process has exited.
 */
export type WorkerState = 'starting' | 'ready' | 'draining' | 'unresponsive' | 'orphaned';

export const WORKER_STATES: readonly WorkerState[] = ['starting', 'ready', 'draining', 'unresponsive', 'orphaned'];

const transitions: Readonly<Record<WorkerState, readonly WorkerState[]>> = {
  starting: ['ready', 'draining', 'unresponsive'],
  ready: ['draining', 'unresponsive'],
  draining: ['unresponsive'],
  unresponsive: ['orphaned'],
  orphaned: [],
};

/** Whether the supervisor may move a worker from `from` to `to`. */
export function canTransition(from: WorkerState, to: WorkerState): boolean {
  return transitions[from].includes(to);
}
