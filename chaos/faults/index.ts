/** The fault catalogue and target selection, shared by the server's chaos endpoint and the harness. */
export {
  FAULT_KINDS,
  FAULT_KIND_DOCS,
  FAULT_KIND_RULES,
  CRASH_SIGNALS,
  faultRequestSchema,
  faultParamsSchema,
  parseFaultRequest,
} from './fault-kinds.ts';
export type { FaultKind, FaultParams, FaultRequest, WorkerSelector } from './fault-kinds.ts';
export { selectTargets } from './select-targets.ts';
export type { TargetCandidate, TargetSelection } from './select-targets.ts';
export { seededRandom, deriveSeed } from './seeded-random.ts';
