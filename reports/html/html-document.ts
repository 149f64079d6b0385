/**
 * The HTML shell every report page shares: doctype, charset, viewport, a Content-Security-Policy that
 * forbids loading anything (so a page that renders offline cannot phone home even if a journal string
 * slipped through) and allows only the page's own inline scripts, each by its hash.
 */
import { createHash } from 'node:crypto';
import { escapeMarkupText } from '../escape-markup.ts';
import { reportStyles } from './report-styles.ts';

/** A page: its title (plain text), body HTML, inline scripts (run in order after the body) and extra CSS rules. */
export interface HtmlPage {
  readonly title: string;
  readonly bodyHtml: string;
  readonly scripts: readonly string[];
  readonly extraCss: string;
}

/** The CSP `script-src` source for an inline script: its SHA-256, base64. */
function scriptHashSource(script: string): string {
  return `'sha256-${createHash('sha256').update(script).digest('base64')}'`;
}

function contentSecurityPolicy(scripts: readonly string[]): string {
  const scriptSources = scripts.length === 0 ? "'none'" : scripts.map(scriptHashSource).join(' ');
  return `default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src ${scriptSources}; base-uri 'none'; form-action 'none'`;
}

/** Renders a complete, self-contained HTML document. */
export function renderHtmlDocument(page: HtmlPage): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(page.scripts)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeMarkupText(page.title)}</title>`,
    `<style>${reportStyles(page.extraCss)}</style>`,
    '</head>',
    '<body>',
    page.bodyHtml,
    ...page.scripts.map((script) => `<script>${script}</script>`),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
