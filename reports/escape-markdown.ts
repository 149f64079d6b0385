/**
 * Escaping for GitHub-flavoured Markdown, as a CI job summary renders it. Cells cannot hold line
 * breaks, and a `|` anywhere in a table row, even inside a code span, ends the cell unless escaped.
 */

/** ASCII punctuation that means something to Markdown or to GitHub's HTML pass. */
const MARKDOWN_SPECIAL = /[\\`*_[\]<>|#~&!]/g;

/** Control characters become spaces too: a summary has no use for them and they can break a row. */
function flattenLine(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    out += code < 0x20 || (code >= 0x7f && code <= 0x9f) ? ' ' : char;
  }
  return out;
}

/** Escapes text so that it renders literally on one line, in a paragraph or a table cell. */
export function escapeMarkdown(text: string): string {
  return flattenLine(text).replace(MARKDOWN_SPECIAL, '\\$&');
}

/** A code span for a table cell: literal text on one line, with `|` escaped and a fence it cannot close. */
export function markdownCodeSpan(text: string): string {
  const flat = flattenLine(text).replaceAll('|', '\\|');
  const longestRun = Math.max(0, ...Array.from(flat.matchAll(/`+/g), (match) => match[0].length));
  const fence = '`'.repeat(longestRun + 1);
  const padding = flat.startsWith('`') || flat.endsWith('`') || flat === '' ? ' ' : '';
  return `${fence}${padding}${flat}${padding}${fence}`;
}
