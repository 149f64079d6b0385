/**
 * The top of a run's report: scenario name and status badge, then the facts a reader checks first
 * (seed, duration, broken protection on a verdict-power run, the run error) and the load it applied.
 */
import type { Journal } from '../../chaos/index.ts';
import { escapeMarkupText } from '../escape-markup.ts';
import { formatFigure, formatSeconds } from '../format-figures.ts';
import { tallyExpectations } from '../run-verdict.ts';

/** A status badge with class `badge-<status>`. */
export function renderStatusBadge(status: Journal['status']): string {
  return `<span class="badge badge-${status}" data-status="${status}">${status}</span>`;
}

function fact(label: string, valueHtml: string, className = ''): string {
  const classAttribute = className === '' ? '' : ` class="${className}"`;
  return `<div${classAttribute}><dt>${escapeMarkupText(label)}</dt><dd>${valueHtml}</dd></div>`;
}

function startedIso(startedAtMs: number): string {
  return Number.isFinite(startedAtMs) ? new Date(startedAtMs).toISOString() : '—';
}

function loadDescription(journal: Journal): string {
  const load = journal.load;
  const rate = load.ratePerSecond === null ? 'closed loop' : `${formatFigure(load.ratePerSecond)} req/s`;
  const requests = load.requests.map((request) => `${request.method} ${request.path}`).join(', ');
  const keepAlive = load.isKeepAlive ? 'keep-alive' : 'new connection per request';
  return `${load.tool}, ${load.connections} connections, ${rate}, ${formatSeconds(load.durationMs)}, ${keepAlive}: ${requests}`;
}

/** Renders the report header. */
export function renderReportHeader(journal: Journal): string {
  const scenario = journal.scenario;
  const { passedCount, totalCount } = tallyExpectations(journal);
  const facts = [
    fact('seed', escapeMarkupText(String(scenario.seed))),
    fact('duration', escapeMarkupText(formatSeconds(journal.endedAtMs - journal.startedAtMs))),
    fact('started', escapeMarkupText(startedIso(journal.startedAtMs))),
    fact('expectations', escapeMarkupText(`${passedCount}/${totalCount} passed`)),
    fact('scenario file', `<code>${escapeMarkupText(scenario.file)}</code>`),
    fact('load', escapeMarkupText(loadDescription(journal))),
    fact('tool', escapeMarkupText(`${journal.tool.name} ${journal.tool.version}`)),
  ];
  if (scenario.brokenProtection !== null) {
    facts.unshift(fact('broken protection', `<code>${escapeMarkupText(scenario.brokenProtection)}</code>`, 'broken-protection'));
  }
  const description = scenario.description === '' ? '' : `<p class="description">${escapeMarkupText(scenario.description)}</p>`;
  const error =
    journal.status === 'error'
      ? `<div class="run-error" id="run-error"><strong>Run error:</strong> ${escapeMarkupText(journal.error ?? 'no error text')}</div>`
      : '';
  return [
    `<header><h1><span class="scenario-name">${escapeMarkupText(scenario.name)}</span> ${renderStatusBadge(journal.status)}</h1>`,
    description,
    `<dl class="facts">${facts.join('')}</dl>`,
    error,
    '</header>',
  ].join('\n');
}
