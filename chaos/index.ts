/**
 * The chaos harness's public surface: scenarios, runs, journals and the load driver. Other top-level
 * folders import from here. The fault catalogue is not the harness's: it lives in `faults/`, the
 * contract the harness, the server and the agents all depend on.
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
