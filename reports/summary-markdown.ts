/**
 * The Markdown summary for a CI job page (GitHub's $GITHUB_STEP_SUMMARY): the suite verdict, one
 * verdict line per scenario, then per scenario its expectations, request accounting, the figures on
 * which client and front disagree, and the faults injected. Every journal string is escaped.
 */
import type { FaultRecord, Journal } from '../chaos/index.ts';
import { accountingRows } from './accounting-rows.ts';
import { escapeMarkdown, markdownCodeSpan } from './escape-markdown.ts';
import { formatFigure, formatOffsetSeconds, formatSeconds } from './format-figures.ts';
import { describeDrain, expectationNote } from './run-notes.ts';
import { judgeSuite, statusIcon, tallyExpectations } from './run-verdict.ts';

function table(headers: readonly string[], alignments: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(headers), line(alignments), ...rows.map(line)];
}

function verdictLine(journal: Journal): string {
  const { passedCount, totalCount } = tallyExpectations(journal);
  const requests = journal.requests;
  return (
    `- ${statusIcon(journal.status)} **${escapeMarkdown(journal.scenario.name)}**: ${journal.status}, ` +
    `${passedCount}/${totalCount} expectations passed, ${requests.lost} lost of ${requests.sent} sent`
  );
}

function runFacts(journal: Journal): string {
  const facts = [`seed ${journal.scenario.seed}`, formatSeconds(journal.endedAtMs - journal.startedAtMs)];
  if (journal.scenario.brokenProtection !== null) {
    facts.push(`broken protection: ${markdownCodeSpan(journal.scenario.brokenProtection)}`);
  }
  return facts.join(' · ');
}

function expectationSection(journal: Journal): string[] {
  if (journal.expectations.length === 0) {
    return ['_No expectations._'];
  }
  const rows = journal.expectations.map((expectation) => [
    expectation.passed ? '✅' : '❌',
    markdownCodeSpan(expectation.expr),
    formatFigure(expectation.actual),
    escapeMarkdown(expectationNote(expectation)),
  ]);
  return table(['', 'expectation', 'actual', 'note'], [':-:', '---', '--:', '---'], rows);
}

function accountingSection(journal: Journal): string[] {
  const rows = accountingRows(journal).map((row) => [
    row.isDetail ? `↳ ${escapeMarkdown(row.label)}` : escapeMarkdown(row.label),
    formatFigure(row.client),
    formatFigure(row.front),
    row.isDisagreement ? '⚠️' : '',
  ]);
  const drain = describeDrain(journal);
  return [
    '**Requests**',
    '',
    ...table(['figure', 'client', 'front', ''], ['---', '--:', '--:', ':-:'], rows),
    ...(drain === null ? [] : ['', escapeMarkdown(drain)]),
  ];
}

function disagreementSection(journal: Journal): string[] {
  if (journal.disagreements.length === 0) {
    return ['Client and front agree on every figure.'];
  }
  const rows = journal.disagreements.map((disagreement) => [
    escapeMarkdown(disagreement.figure),
    formatFigure(disagreement.client),
    formatFigure(disagreement.front),
    escapeMarkdown(disagreement.note),
  ]);
  return ['**Client and front disagree**', '', ...table(['figure', 'client', 'front', 'note'], ['---', '--:', '--:', '---'], rows)];
}

function faultRow(fault: FaultRecord, startedAtMs: number): string[] {
  const target = `${fault.target.pool}/${fault.target.worker} ×${fault.target.count}`;
  const affected = fault.affected.map((worker) => `${worker.workerId} (pid ${worker.pid})`).join(', ');
  return [
    String(fault.index),
    escapeMarkdown(fault.kind),
    formatOffsetSeconds(fault.injectedAtMs, startedAtMs),
    escapeMarkdown(target),
    affected === '' ? '—' : affected,
    fault.error === null ? 'injected' : `not injected: ${escapeMarkdown(fault.error)}`,
  ];
}

function faultSection(journal: Journal): string[] {
  if (journal.faults.length === 0) {
    return ['No faults injected.'];
  }
  const rows = journal.faults.map((fault) => faultRow(fault, journal.startedAtMs));
  const alignments = ['--:', '---', '--:', '---', '---', '---'];
  return ['**Faults**', '', ...table(['#', 'kind', 'injected at', 'target', 'affected workers', 'result'], alignments, rows)];
}

function scenarioSection(journal: Journal): string[] {
  const heading = `### ${statusIcon(journal.status)} ${escapeMarkdown(journal.scenario.name)}`;
  const error = journal.status === 'error' ? ['', `> **Run error:** ${escapeMarkdown(journal.error ?? 'no error text')}`] : [];
  return [
    heading,
    '',
    runFacts(journal),
    ...error,
    '',
    ...expectationSection(journal),
    '',
    ...accountingSection(journal),
    '',
    ...disagreementSection(journal),
    '',
    ...faultSection(journal),
  ];
}

/** Renders a suite of runs as GitHub-flavoured Markdown, scenarios in the order given. */
export function renderSummaryMarkdown(journals: readonly Journal[]): string {
  const verdict = judgeSuite(journals);
  const lines = [
    `## ${statusIcon(verdict.status)} poolchaos: ${verdict.text}`,
    '',
    ...journals.map(verdictLine),
    ...journals.flatMap((journal) => ['', ...scenarioSection(journal)]),
  ];
  return `${lines.join('\n')}\n`;
}
