/**
 * JUnit XML for CI test tabs: one <testsuite> per run (named after the scenario), one <testcase> per
 * expectation (named by its expression, classname the scenario). A failed expectation carries a
 * <failure> with the expression and the actual figure; a run that errored carries one extra testcase,
 * `scenario run`, with an <error> holding the error text, before any expectations it still has.
 */
import type { ExpectationResult, Journal } from '../chaos/index.ts';
import { escapeMarkupAttribute, escapeMarkupText } from './escape-markup.ts';
import { formatFigure } from './format-figures.ts';
import { expectationNote } from './run-notes.ts';

/** The name of the testcase that stands for a run that errored. */
export const RUN_ERROR_TESTCASE_NAME = 'scenario run';

interface SuiteCounts {
  readonly tests: number;
  readonly failures: number;
  readonly errors: number;
}

function attributes(pairs: readonly (readonly [string, string])[]): string {
  return pairs.map(([name, value]) => ` ${name}="${escapeMarkupAttribute(value)}"`).join('');
}

function suiteCounts(journal: Journal): SuiteCounts {
  const errors = journal.status === 'error' ? 1 : 0;
  const failures = journal.expectations.filter((expectation) => !expectation.passed).length;
  return { tests: journal.expectations.length + errors, failures, errors };
}

function durationSeconds(journal: Journal): string {
  const durationMs = journal.endedAtMs - journal.startedAtMs;
  return (Number.isFinite(durationMs) ? Math.max(0, durationMs) / 1000 : 0).toFixed(3);
}

function failureMessage(expectation: ExpectationResult): string {
  const actual = expectation.actual === null ? 'unknown' : formatFigure(expectation.actual);
  const note = expectationNote(expectation);
  return `expected ${expectation.expr}, actual ${actual}${note === '' ? '' : `: ${note}`}`;
}

function renderExpectation(expectation: ExpectationResult, classname: string): string {
  const open = `    <testcase${attributes([
    ['name', expectation.expr],
    ['classname', classname],
  ])}`;
  if (expectation.passed) {
    return `${open}/>`;
  }
  const body = [
    `expected: ${expectation.expr}`,
    `actual: ${formatFigure(expectation.actual)}`,
    ...(expectation.bound === undefined ? [] : [`bound: ${formatFigure(expectation.bound)}`]),
    ...(expectation.message === null ? [] : [`message: ${expectation.message}`]),
  ].join('\n');
  const failure = `<failure${attributes([
    ['message', failureMessage(expectation)],
    ['type', 'expectation'],
  ])}>`;
  return `${open}>\n      ${failure}${escapeMarkupText(body)}</failure>\n    </testcase>`;
}

function renderRunError(journal: Journal): string {
  const text = journal.error ?? 'the run ended with status error and no error text';
  const open = `    <testcase${attributes([
    ['name', RUN_ERROR_TESTCASE_NAME],
    ['classname', journal.scenario.name],
  ])}>`;
  const error = `<error${attributes([
    ['message', text],
    ['type', 'run-error'],
  ])}>${escapeMarkupText(text)}</error>`;
  return `${open}\n      ${error}\n    </testcase>`;
}

function renderProperties(journal: Journal): string[] {
  const pairs: [string, string][] = [
    ['seed', String(journal.scenario.seed)],
    ['scenarioFile', journal.scenario.file],
  ];
  if (journal.scenario.brokenProtection !== null) {
    pairs.push(['brokenProtection', journal.scenario.brokenProtection]);
  }
  const properties = pairs.map(
    ([name, value]) =>
      `      <property${attributes([
        ['name', name],
        ['value', value],
      ])}/>`,
  );
  return ['    <properties>', ...properties, '    </properties>'];
}

function renderSuite(journal: Journal): string[] {
  const counts = suiteCounts(journal);
  const name = journal.scenario.name;
  const suite = attributes([
    ['name', name],
    ['tests', String(counts.tests)],
    ['failures', String(counts.failures)],
    ['errors', String(counts.errors)],
    ['skipped', '0'],
    ['time', durationSeconds(journal)],
  ]);
  return [
    `  <testsuite${suite}>`,
    ...renderProperties(journal),
    ...(journal.status === 'error' ? [renderRunError(journal)] : []),
    ...journal.expectations.map((expectation) => renderExpectation(expectation, name)),
    '  </testsuite>',
  ];
}

/** Renders runs as one JUnit XML document (UTF-8, XML 1.0), suites in the order given. */
export function renderJunit(journals: readonly Journal[]): string {
  const totals = journals.map(suiteCounts).reduce(
    (sum, counts) => ({
      tests: sum.tests + counts.tests,
      failures: sum.failures + counts.failures,
      errors: sum.errors + counts.errors,
    }),
    { tests: 0, failures: 0, errors: 0 },
  );
  const timeSeconds = journals.reduce((sum, journal) => sum + Number(durationSeconds(journal)), 0).toFixed(3);
  const root = attributes([
    ['name', 'poolchaos'],
    ['tests', String(totals.tests)],
    ['failures', String(totals.failures)],
    ['errors', String(totals.errors)],
    ['time', timeSeconds],
  ]);
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites${root}>`, ...journals.flatMap(renderSuite), '</testsuites>'];
  return `${lines.join('\n')}\n`;
}
