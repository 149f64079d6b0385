/**
 * The HTML shell every report page shares: doctype, charset, viewport, a Content-Security-Policy that
 * forbids loading anything (so a page that renders offline cannot phone home even if a journal string
 * slipped through) and allows only the page's own inline script, by hash.
 */
import { createHash } from 'node:crypto';
import { escapeMarkupText } from '../escape-markup.ts';
import { reportStyles } from './report-styles.ts';

/** A page: its title (plain text), body HTML, an inline script or null, and extra CSS rules. */
export interface HtmlPage {
  readonly title: string;
  readonly bodyHtml: string;
  readonly script: string | null;
  readonly extraCss: string;
}

function contentSecurityPolicy(script: string | null): string {
  const scriptSource = script === null ? "'none'" : `'sha256-${createHash('sha256').update(script).digest('base64')}'`;
  return `default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src ${scriptSource}; base-uri 'none'; form-action 'none'`;
}

/** Renders a complete, self-contained HTML document. */
export function renderHtmlDocument(page: HtmlPage): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(page.script)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeMarkupText(page.title)}</title>`,
    `<style>${reportStyles(page.extraCss)}</style>`,
    '</head>',
    '<body>',
    page.bodyHtml,
    page.script === null ? '' : `<script>${page.script}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
