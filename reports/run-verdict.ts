/**
 * The verdict words every report uses for one run and for a suite of runs. A suite is `error` when any
 * run errored or none ran (an empty suite proves nothing), else `failed` when any run failed.
 */
import type { Journal, RunStatus } from '../chaos/index.ts';

/** Expectations that passed, and all of them, in one run. */
export interface ExpectationTally {
  readonly passedCount: number;
  readonly totalCount: number;
}

/** A suite's status and its one-line verdict, e.g. `1 of 3 scenarios failed`. */
export interface SuiteVerdict {
  readonly status: RunStatus;
  readonly text: string;
}

const STATUS_ICONS: Readonly<Record<RunStatus, string>> = { passed: '✅', failed: '❌', error: '💥' };

/** The emoji for a status: ✅ passed, ❌ failed, 💥 error. */
export function statusIcon(status: RunStatus): string {
  return STATUS_ICONS[status];
}

/** Counts the passed expectations of one run. */
export function tallyExpectations(journal: Journal): ExpectationTally {
  return {
    passedCount: journal.expectations.filter((expectation) => expectation.passed).length,
    totalCount: journal.expectations.length,
  };
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** The verdict over a suite of runs, in the order given. */
export function judgeSuite(journals: readonly Journal[]): SuiteVerdict {
  const total = journals.length;
  const failed = journals.filter((journal) => journal.status === 'failed').length;
  const errored = journals.filter((journal) => journal.status === 'error').length;
  if (total === 0) {
    return { status: 'error', text: 'No scenarios ran' };
  }
  if (failed === 0 && errored === 0) {
    return { status: 'passed', text: total === 1 ? 'The scenario passed' : `All ${total} scenarios passed` };
  }
  const scenarios = `of ${plural(total, 'scenario')}`;
  const text = failed > 0 ? `${failed} ${scenarios} failed${errored > 0 ? `, ${errored} errored` : ''}` : `${errored} ${scenarios} errored`;
  return { status: errored > 0 ? 'error' : 'failed', text };
}
