/** The reference pooled server's public surface. Other top-level folders import from here only. */
export { startServer, DEFAULT_TICK_INTERVAL_MS } from './server.ts';
export type { RunningServer, StartServerOptions, ListenAddress } from './server.ts';
export { loadConfig, parseConfig, ConfigError } from './config/load-config.ts';
export type { ConfigIssue } from './config/load-config.ts';
export { configJsonSchema } from './config/json-schema.ts';
export { parseDurationMs, formatDurationMs, tryParseDurationMs } from './config/duration.ts';
export { parseSizeBytes, tryParseSizeBytes } from './config/size.ts';
export type { ServerConfig, PoolSettings, AppSettings } from './config/settings.ts';
export { PoolchaosError, serverError, serverErrorTemplates, formatTemplate } from './errors.ts';
export type { ServerErrorCode } from './errors.ts';
export { EventBus, SERVER_EVENT_TYPES } from './events.ts';
export type { ServerEvent, ServerEventType, ServerEvents } from './events.ts';
export { REJECT_REASON_HEADER } from './front/reject-response.ts';
export type { PoolStatus, WorkerStatus } from './admin/pool-status.ts';
export { RESTART_REASONS, RECYCLE_REASONS, REJECT_REASONS, LOST_REASONS } from './supervisor/reasons.ts';
export type { RestartReason, RejectReason, LostReason, PoolState } from './supervisor/reasons.ts';
export type { WorkerState } from './supervisor/worker-state.ts';
