/**
 * The fixed vocabulary of reasons that events, admin figures and metrics carry. IIS names for recycles
 * (the `logEventOnRecycle` flags), lower-case names for failures.
 */

/** Why a healthy worker is recycled (IIS recycle flags). */
export type RecycleReason = 'Time' | 'Requests' | 'Schedule' | 'PrivateMemory' | 'Memory' | 'ConfigChange' | 'OnDemand' | 'Unhealthy';

/** Why a worker was lost or killed. */
export type FailureReason = 'crash' | 'ping_timeout' | 'startup_timeout' | 'deadlock';

/** Every reason a worker can be restarted for; `manual` is an admin stop. */
export type RestartReason = RecycleReason | FailureReason | 'manual';

/** Every recycle reason, in IIS order. */
export const RECYCLE_REASONS: readonly RecycleReason[] = [
  'Time',
  'Requests',
  'Schedule',
  'PrivateMemory',
  'Memory',
  'ConfigChange',
  'OnDemand',
  'Unhealthy',
];

export const RESTART_REASONS: readonly RestartReason[] = [
  ...RECYCLE_REASONS,
  'crash',
  'ping_timeout',
  'startup_timeout',
  'deadlock',
  'manual',
];

/** Failures that count toward rapid-fail protection (IIS counts crashes, ping and startup failures). */
export function countsTowardRapidFail(reason: RestartReason): boolean {
  return reason === 'crash' || reason === 'ping_timeout' || reason === 'startup_timeout';
}

/** Why the front answered 503 (or reset, under TcpLevel) on purpose: HTTP.sys httperr reasons. */
export type RejectReason = 'QueueFull' | 'AppOffline' | 'Disabled';

export const REJECT_REASONS: readonly RejectReason[] = ['QueueFull', 'AppOffline', 'Disabled'];

/** Why an accepted request ended without a complete response. */
export type LostReason = 'worker_died' | 'truncated' | 'timeout';

export const LOST_REASONS: readonly LostReason[] = ['worker_died', 'truncated', 'timeout'];

/** Pool states (IIS: Started / Stopped). */
export type PoolState = 'Started' | 'Stopped';

/** Why a pool is stopped: rapid-fail protection (503 AppOffline) or an admin (503 Disabled). */
export type PoolStopReason = 'RapidFail' | 'Admin';
