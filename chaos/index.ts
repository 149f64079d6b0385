/**
 * The chaos harness's public surface: scenarios, runs, journals, the load driver and the fault
 * catalogue. Other top-level folders import from here. (The server reaches only the leaf
 * `chaos/faults/index.ts`, which imports nothing from the server, so no module cycle arises.)
 */
export { loadScenario, parseScenario } from './scenario/load-scenario.ts';
export type { LoadScenarioOptions } from './scenario/load-scenario.ts';
export type { Scenario, ScenarioFault, ScenarioTarget } from './scenario/scenario.ts';
export { ScenarioError, scenarioErrorTemplates } from './scenario/scenario-errors.ts';
export type { ScenarioErrorCode, ScenarioIssue } from './scenario/scenario-errors.ts';
export { scenarioJsonSchema, SCENARIO_SCHEMA_ID } from './scenario/scenario-json-schema.ts';
export { runScenario, POOL_SAMPLE_INTERVAL_MS } from './run/run-scenario.ts';
export type { RunProgress, RunScenarioOptions } from './run/run-scenario.ts';
export { JOURNAL_SCHEMA_VERSION } from './journal/journal.ts';
export type {
  Disagreement,
  ExpectationResult,
  FaultRecord,
  FrontCounts,
  Journal,
  JournalEvent,
  RunPhases,
  RunStatus,
  TimelineSecond,
  WorkerStateCounts,
} from './journal/journal.ts';
export { parseExpectation } from './expect/parse-expectation.ts';
export { evaluateExpectations } from './expect/evaluate.ts';
export { ExpectationError, expectErrorTemplates } from './expect/expect-errors.ts';
export type { Expectation } from './expect/expectation.ts';
export { renderFiguresTable } from './expect/figures-table.ts';
export { runLoad, LoadError, loadErrorTemplates } from './load/index.ts';
export type { LoadPlan, LoadResult, LoadSecond, LoadDrain, ClientCounts, LatencySummary } from './load/index.ts';
export { FAULT_KINDS, FAULT_KIND_DOCS, FAULT_KIND_RULES, parseFaultRequest } from './faults/index.ts';
export type { FaultKind, FaultRequest, WorkerSelector } from './faults/index.ts';
