/**
 * The scenario error catalogue (ERR_SCENARIO_*): everything wrong with a scenario file, found before
 * any run starts. A test pins the list and checks the README documents each code.
 */
import { PoolchaosError, formatTemplate } from '../../server/index.ts';

export const scenarioErrorTemplates = {
  ERR_SCENARIO_NOT_FOUND: 'scenario file %s does not exist',
  ERR_SCENARIO_UNREADABLE: 'scenario file %s cannot be read: %s',
  ERR_SCENARIO_SYNTAX: '%s is not valid YAML: %s',
  ERR_SCENARIO_INVALID: '%s is not a valid poolchaos scenario:\n%s',
} as const;

export type ScenarioErrorCode = keyof typeof scenarioErrorTemplates;

/** One thing wrong with a scenario: where (`faults[2].params.delay`), what, and the value as written. */
export interface ScenarioIssue {
  readonly path: string;
  readonly message: string;
  readonly value?: unknown;
}

/** A scenario error; `issues` lists every problem for ERR_SCENARIO_INVALID. */
export class ScenarioError extends PoolchaosError {
  readonly issues: readonly ScenarioIssue[];

  constructor(code: ScenarioErrorCode, args: readonly unknown[], issues: readonly ScenarioIssue[] = []) {
    super(code, formatTemplate(scenarioErrorTemplates[code], args), 400);
    this.name = 'ScenarioError';
    this.issues = issues;
  }
}

/** Formats an issue as one line: `  - faults[0].at: beyond the load's duration (got "30s")`. */
export function formatScenarioIssue(issue: ScenarioIssue): string {
  const got = issue.value === undefined ? '' : ` (got ${JSON.stringify(issue.value)})`;
  return `  - ${issue.path}: ${issue.message}${got}`;
}
