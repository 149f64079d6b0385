/**
 * The scenario error catalogue (ERR_SCENARIO_*), in the shape every catalogue has: everything wrong
 * with a scenario file, found before any run starts. All are bad input (exit 2).
 */
import { PoolchaosError, formatTemplate, type ErrorCatalogue } from '../../server/index.ts';

export const scenarioErrorTemplates = {
  ERR_SCENARIO_NOT_FOUND: { message: 'scenario file %s does not exist', httpStatus: 400, exitCode: 2 },
  ERR_SCENARIO_UNREADABLE: { message: 'scenario file %s cannot be read: %s', httpStatus: 400, exitCode: 2 },
  ERR_SCENARIO_SYNTAX: { message: '%s is not valid YAML: %s', httpStatus: 400, exitCode: 2 },
  ERR_SCENARIO_INVALID: { message: '%s is not a valid poolchaos scenario:\n%s', httpStatus: 400, exitCode: 2 },
} as const satisfies ErrorCatalogue;

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
    const entry = scenarioErrorTemplates[code];
    super(code, entry, formatTemplate(entry.message, args));
    this.name = 'ScenarioError';
    this.issues = issues;
  }
}

/** Formats an issue as one line: `  - faults[0].at: beyond the load's duration (got "30s")`. */
export function formatScenarioIssue(issue: ScenarioIssue): string {
  const got = issue.value === undefined ? '' : ` (got ${JSON.stringify(issue.value)})`;
  return `  - ${issue.path}: ${issue.message}${got}`;
}
