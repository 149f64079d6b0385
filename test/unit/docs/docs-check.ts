/**
 * The checks the docs test runs over README.md and docs/*.md, as pure functions of the pages and of
 * the truth they are checked against (files, npm scripts, CLI commands), so the test can also run
 * them on a broken sample and see them fail. Each check returns problems as "<page>:<line>: <what>".
 */
import { posix } from 'node:path';
import { uniqueSlugs } from '../../../scripts/docs/slug.ts';

/** One Markdown page; `path` is relative to the repository root, with `/`. */
export interface Page {
  readonly path: string;
  readonly text: string;
}

/** A command the CLI has: its subcommands (none: operands follow) and the flags it accepts. */
export interface CommandTruth {
  readonly subcommands: readonly string[];
  /** Long names without dashes, and one-letter short names. */
  readonly flags: readonly string[];
}

/** What the pages are checked against. */
export interface DocsTruth {
  readonly scripts: ReadonlySet<string>;
  readonly commands: Readonly<Record<string, CommandTruth>>;
  /** Flags every command accepts (long and short names). */
  readonly globalFlags: readonly string[];
  /** Whether a file or folder exists, by its path relative to the repository root. */
  readonly exists: (path: string) => boolean;
  /** A Markdown file's text, by its path relative to the repository root. */
  readonly read: (path: string) => string;
}

interface Heading {
  readonly level: number;
  readonly text: string;
  readonly line: number;
}

interface CodeText {
  readonly text: string;
  readonly line: number;
}

/** Languages of fenced blocks whose lines are shell commands. */
const SHELL_FENCES = new Set(['sh', 'bash', 'shell', 'console']);

/** The page split into prose (fenced blocks blanked, lines kept), its shell fences and any fence left open. */
function splitFences(text: string): { prose: string; shell: CodeText[]; unclosedAt: number | undefined } {
  const lines = text.split('\n');
  const shell: CodeText[] = [];
  let fence: { marker: string; lang: string; start: number; body: string[] } | undefined;
  const prose = lines.map((line, index) => {
    const open = /^(`{3,}|~{3,})\s*([\w-]*)/.exec(line);
    if (fence === undefined && open !== null) {
      fence = { marker: open[1]!, lang: open[2]!, start: index + 2, body: [] };
      return '';
    }
    if (fence !== undefined) {
      if (line.startsWith(fence.marker) && line.trim() === fence.marker) {
        if (SHELL_FENCES.has(fence.lang)) shell.push({ text: fence.body.join('\n'), line: fence.start });
        fence = undefined;
      } else {
        fence.body.push(line);
      }
      return '';
    }
    return line;
  });
  return { prose: prose.join('\n'), shell, unclosedAt: fence === undefined ? undefined : fence.start - 1 };
}

function lineAt(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

/** Inline code spans of prose, with the line each starts on. */
function codeSpans(prose: string): CodeText[] {
  return [...prose.matchAll(/(`+)(?!`)([\s\S]*?[^`])\1(?!`)/g)].map((match) => ({
    text: match[2]!.replace(/\n/g, ' ').trim(),
    line: lineAt(prose, match.index),
  }));
}

/** Prose with its code spans blanked (same length, newlines kept), so their text is not read as links. */
function withoutCodeSpans(prose: string): string {
  return prose.replace(/(`+)(?!`)([\s\S]*?[^`])\1(?!`)/g, (span) => span.replace(/[^\n]/g, ' '));
}

/** The ATX headings outside fenced blocks, in page order. */
export function headingsOf(text: string): Heading[] {
  return splitFences(text)
    .prose.split('\n')
    .flatMap((line, index) => {
      const match = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
      return match === null ? [] : [{ level: match[1]!.length, text: match[2]!, line: index + 1 }];
    });
}

/** The anchors GitHub gives the page's headings. */
export function anchorsOf(text: string): Set<string> {
  return new Set(uniqueSlugs(headingsOf(text).map((heading) => heading.text)));
}

/** Inline and reference-style link targets outside code, with their lines. */
export function linksOf(text: string): { target: string; line: number }[] {
  const prose = withoutCodeSpans(splitFences(text).prose);
  const inline = [...prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)];
  const reference = [...prose.matchAll(/^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)];
  return [...inline, ...reference]
    .map((match) => ({ target: match[1]!, line: lineAt(prose, match.index) }))
    .sort((a, b) => a.line - b.line);
}

/** Every relative link must reach a file or folder, and an anchor a heading of the Markdown it names. */
export function checkLinks(page: Page, truth: DocsTruth): string[] {
  const problems: string[] = [];
  for (const { target, line } of linksOf(page.text)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
    const at = `${page.path}:${line}`;
    const [file = '', anchor] = target.split('#', 2) as [string, string | undefined];
    const resolved = file === '' ? page.path : posix.normalize(posix.join(posix.dirname(page.path), decodeURI(file)));
    if (resolved.startsWith('..') || posix.isAbsolute(resolved)) {
      problems.push(`${at}: link ${target} leaves the repository`);
      continue;
    }
    if (!truth.exists(resolved)) {
      problems.push(`${at}: link ${target}: ${resolved} does not exist`);
      continue;
    }
    if (anchor === undefined) continue;
    if (!resolved.endsWith('.md')) {
      if (!/^L\d+(-L\d+)?$/.test(anchor)) problems.push(`${at}: link ${target}: #${anchor} is not a line anchor`);
      continue;
    }
    const anchors = anchorsOf(resolved === page.path ? page.text : truth.read(resolved));
    if (!anchors.has(anchor)) problems.push(`${at}: link ${target}: ${resolved} has no heading #${anchor}`);
  }
  return problems;
}

/** `npm run <script>` and `npm test` anywhere on the page, code and comments included. */
export function npmScriptsOf(text: string): { script: string; line: number }[] {
  return [...text.matchAll(/\bnpm(?:\s+run(?:-script)?\s+([a-z0-9][\w:-]*)|\s+(test)\b)/g)].map((match) => ({
    script: (match[1] ?? match[2])!,
    line: lineAt(text, match.index),
  }));
}

export function checkNpmScripts(page: Page, truth: DocsTruth): string[] {
  return npmScriptsOf(page.text)
    .filter(({ script }) => !truth.scripts.has(script))
    .map(({ script, line }) => `${page.path}:${line}: npm run ${script}: package.json has no such script`);
}

/** One `poolchaos ...` command line the page shows: the words after `poolchaos`, up to the end of the command. */
export interface Invocation {
  readonly words: readonly string[];
  readonly line: number;
}

/** The start of a poolchaos command line: the bin, npx, node bin/poolchaos.js, or the compose stack's runner. */
const INVOCATION =
  /(?:^|[\s(])(?:(?:npx\s+)?poolchaos|(?:node\s+)?(?:\S*\/)?bin\/poolchaos\.js|docker[ -]compose\s+run\s+--rm\s+chaos)(?=\s|$)/g;

/** poolchaos command lines in code spans and shell blocks; a shell line ends at `#`, `;`, `&&`, `||` or `|`. */
export function invocationsOf(text: string): Invocation[] {
  const { prose, shell } = splitFences(text);
  const found: Invocation[] = [];
  for (const code of [...codeSpans(prose), ...shell]) {
    code.text.split('\n').forEach((codeLine, offset) => {
      const command = codeLine.replace(/(^|\s)#.*$/, '');
      for (const segment of command.split(/&&|\|\||[;|]/)) {
        for (const match of segment.matchAll(INVOCATION)) {
          const rest = segment.slice(match.index + match[0].length).trim();
          found.push({ words: rest === '' ? [] : rest.split(/\s+/), line: code.line + offset });
        }
      }
    });
  }
  return found.sort((a, b) => a.line - b.line);
}

const isPlaceholder = (word: string): boolean => /^[<[{"'$]/.test(word) || word === '...';

/** Flag names a word carries: `--out`, `[--out`, `--out=x` give `out`; `-c` gives `c`. */
function flagOf(word: string): string | undefined {
  const long = /^\[?--([a-z][a-z0-9-]*)/.exec(word);
  if (long !== null) return long[1];
  return /^\[?-([a-zA-Z])\]?$/.exec(word)?.[1];
}

/** Every command (and subcommand) named must exist; every flag shown with it must be one it accepts. */
export function checkInvocations(page: Page, truth: DocsTruth): string[] {
  const problems: string[] = [];
  for (const { words, line } of invocationsOf(page.text)) {
    const at = `${page.path}:${line}: poolchaos ${words.join(' ')}`;
    const [first, second] = words;
    if (first === undefined || isPlaceholder(first)) continue;
    const flags = words.map(flagOf).filter((flag) => flag !== undefined);
    if (first.startsWith('-')) {
      for (const flag of flags)
        if (!truth.globalFlags.includes(flag)) problems.push(`${at}: poolchaos takes no --${flag} without a command`);
      continue;
    }
    const command = Object.hasOwn(truth.commands, first) ? truth.commands[first] : undefined;
    if (command === undefined) {
      problems.push(`${at}: the CLI has no command ${first}`);
      continue;
    }
    if (command.subcommands.length > 0 && second !== undefined && !second.startsWith('-') && !isPlaceholder(second)) {
      if (!command.subcommands.includes(second)) problems.push(`${at}: poolchaos ${first} has no subcommand ${second}`);
    }
    for (const flag of flags) {
      if (!command.flags.includes(flag) && !truth.globalFlags.includes(flag))
        problems.push(`${at}: poolchaos ${first} takes no ${flag.length === 1 ? '-' : '--'}${flag}`);
    }
  }
  return problems;
}

/**
 * Every fenced block closed; one H1 per page; a docs page (not the README) opens its sections with a
 * contents list of all of them.
 */
export function checkStructure(page: Page): string[] {
  const headings = headingsOf(page.text);
  const problems: string[] = [];
  const { unclosedAt } = splitFences(page.text);
  if (unclosedAt !== undefined) problems.push(`${page.path}:${unclosedAt}: a fenced block is never closed`);
  const titles = headings.filter((heading) => heading.level === 1);
  if (titles.length !== 1) problems.push(`${page.path}: ${titles.length} H1 headings (expected exactly one)`);
  if (page.path === 'README.md') return problems;
  const sections = headings.filter((heading) => heading.level === 2);
  const [contents, ...rest] = sections;
  if (contents?.text !== 'Contents') {
    problems.push(`${page.path}: the first section is not "## Contents"`);
    return problems;
  }
  const next = rest[0]?.line ?? Number.MAX_SAFE_INTEGER;
  const list = page.text
    .split('\n')
    .slice(contents.line, next - 1)
    .join('\n');
  const listed = [...list.matchAll(/^\s*- \[[^\]]*\]\(#([^)]+)\)/gm)].map((match) => match[1]);
  const slugs = uniqueSlugs(headings.map((heading) => heading.text));
  const expected = headings.flatMap((heading, index) => (heading.level === 2 && heading !== contents ? [slugs[index]] : []));
  if (listed.join(' ') !== expected.join(' ')) {
    problems.push(`${page.path}: the contents list is [${listed.join(', ')}] but the sections are [${expected.join(', ')}]`);
  }
  return problems;
}

/** Every check over every page. */
export function checkPages(pages: readonly Page[], truth: DocsTruth): string[] {
  return pages.flatMap((page) => [
    ...checkStructure(page),
    ...checkLinks(page, truth),
    ...checkNpmScripts(page, truth),
    ...checkInvocations(page, truth),
  ]);
}
