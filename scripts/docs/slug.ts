/**
 * GitHub's heading anchors, as github-slugger makes them: the heading's text as rendered (code
 * spans without their backticks, links as their text), lower-cased, every character that is not a
 * letter, mark, digit, `_`, `-` or space dropped, spaces turned into `-`; a repeated slug gets `-1`,
 * `-2`, ... in page order.
 */

/** The text GitHub renders for a heading's Markdown: code spans keep their content, links their text. */
export function headingText(markdown: string): string {
  return markdown
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`([^`]*)`/g, '$1')
    .trim();
}

/** The anchor of one heading, before duplicates are numbered. */
export function githubSlug(markdown: string): string {
  return headingText(markdown)
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}_ -]/gu, '')
    .replace(/ /g, '-');
}

/** The anchors of headings in page order, duplicates numbered as GitHub numbers them. */
export function uniqueSlugs(headings: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return headings.map((heading) => {
    const base = githubSlug(heading);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    return count === 0 ? base : `${base}-${count}`;
  });
}
