/**
 * The fault catalogue: the contract between the harness (which asks for faults), the reference server
 * (its chaos endpoint, supervisor and worker agent deliver them) and agents inside other servers'
 * workers. It depends on nothing of the project, and everything that names a fault depends on it.
 * `fault-catalogue.json` publishes the same catalogue as data for agents in other languages.
 */
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
export { FAULT_CATALOGUE_VERSION, renderFaultCatalogueJson } from './fault-catalogue-json.ts';
