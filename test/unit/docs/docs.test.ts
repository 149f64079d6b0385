import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMMANDS, FLAGS, GLOBAL_FLAGS, MAIN_USAGE, type FlagName, type FlagSpec } from '../../../cli/usage.ts';
import {
  checkInvocations,
  checkLinks,
  checkNpmScripts,
  checkPages,
  checkStructure,
  invocationsOf,
  linksOf,
  npmScriptsOf,
  type DocsTruth,
  type Page,
} from './docs-check.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const README_MAX_BYTES = 12 * 1024;

const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');
const DOCS_PAGES = readdirSync(join(ROOT, 'docs'))
  .filter((name) => name.endsWith('.md'))
  .sort()
  .map((name) => `docs/${name}`);
const PAGES: readonly Page[] = ['README.md', ...DOCS_PAGES].map((path) => ({ path, text: read(path) }));

/** A flag's long name and, if it has one, its short name. */
const namesOf = (flag: FlagName): string[] => {
  const spec: FlagSpec = FLAGS[flag];
  return spec.short === undefined ? [flag] : [flag, spec.short];
};

const TRUTH: DocsTruth = {
  scripts: new Set(Object.keys((JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts)),
  commands: Object.fromEntries(
    Object.entries(COMMANDS).map(([name, spec]) => [name, { subcommands: spec.subcommands, flags: spec.flags.flatMap(namesOf) }]),
  ),
  globalFlags: GLOBAL_FLAGS.flatMap(namesOf),
  exists: (path) => existsSync(join(ROOT, path)),
  read,
};

describe('the docs (README.md and docs/*.md)', () => {
  describe('their shape', () => {
    it('keeps the README at most 12 KB', () => {
      const bytes = statSync(join(ROOT, 'README.md')).size;
      assert.ok(bytes <= README_MAX_BYTES, `README.md is ${bytes} bytes`);
    });

    it('gives every page one H1 and every docs page a contents list of all its sections', () => {
      assert.deepEqual(PAGES.flatMap(checkStructure), []);
    });

    it('links every docs page from the README', () => {
      const linked = new Set(linksOf(read('README.md')).map((link) => link.target.split('#')[0]));
      assert.deepEqual(
        DOCS_PAGES.filter((page) => !linked.has(page)),
        [],
      );
    });
  });

  describe('their links', () => {
    it('point to files that exist and to headings those files have', () => {
      assert.deepEqual(
        PAGES.flatMap((page) => checkLinks(page, TRUTH)),
        [],
      );
    });

    it('are found on every page (the check is not vacuous)', () => {
      assert.deepEqual(
        PAGES.filter((page) => linksOf(page.text).length === 0).map((page) => page.path),
        [],
      );
    });
  });

  describe('their commands', () => {
    it('name only npm scripts that package.json has', () => {
      assert.deepEqual(
        PAGES.flatMap((page) => checkNpmScripts(page, TRUTH)),
        [],
      );
    });

    it('name only poolchaos commands and subcommands the CLI has, with flags those commands accept', () => {
      assert.deepEqual(
        PAGES.flatMap((page) => checkInvocations(page, TRUTH)),
        [],
      );
    });

    it('show every command of the CLI somewhere (the check is not vacuous)', () => {
      const shown = new Set(PAGES.flatMap((page) => invocationsOf(page.text).map((invocation) => invocation.words[0])));
      assert.deepEqual(
        Object.keys(COMMANDS).filter((command) => !shown.has(command)),
        [],
      );
      assert.ok(PAGES.flatMap((page) => npmScriptsOf(page.text)).length > 30);
    });
  });
});

describe('the docs checks, on a broken sample', () => {
  const sample: readonly Page[] = [
    {
      path: 'docs/a.md',
      text: [
        '# A',
        '',
        '## Contents',
        '',
        '- [Here](#here)',
        '',
        '## Here',
        '',
        'See [gone](missing.md), [b](b.md#nowhere), [fine](b.md#real-heading), [up](../README.md) and [self](#here).',
        'Code is not a link: `[not](a-link.md)`. Code spans are checked, `poolchaos frobnicate`; prose is not: poolchaos frobnicate.',
        '',
        'Run `npm run nope`, `npm run ok` or `npm test`.',
        '',
        '```sh',
        'npx poolchaos frobnicate --out x',
        'poolchaos serve --config x --json   # a comment --ignored',
        'poolchaos pool lst && node bin/poolchaos.js pool list -x',
        '```',
        '',
        '```text',
        'poolchaos nonsense in a text block',
        '```',
        '',
        'Also `poolchaos run a.yaml [--out <dir>] --bogus` and `docker compose run --rm chaos report j --junit f`.',
        '',
        '## Missing from the contents',
      ].join('\n'),
    },
    { path: 'docs/b.md', text: '# B\n\n```sh\n# not a heading\n```\n\n# Second title\n\n## Real heading\n\n```sh\nnever closed\n' },
  ];
  const truth: DocsTruth = {
    scripts: new Set(['ok', 'test']),
    commands: {
      serve: { subcommands: [], flags: ['config', 'c'] },
      pool: { subcommands: ['list'], flags: [] },
      run: { subcommands: [], flags: ['out'] },
      report: { subcommands: [], flags: ['out'] },
    },
    globalFlags: ['help', 'h'],
    exists: (path) => ['README.md', 'docs/a.md', 'docs/b.md'].includes(path),
    read: (path) => sample.find((page) => page.path === path)?.text ?? '',
  };

  it('reports each broken link, anchor, script, command, subcommand, flag and heading, and nothing else', () => {
    assert.deepEqual(checkPages(sample, truth), [
      'docs/a.md: the contents list is [here] but the sections are [here, missing-from-the-contents]',
      'docs/a.md:9: link missing.md: docs/missing.md does not exist',
      'docs/a.md:9: link b.md#nowhere: docs/b.md has no heading #nowhere',
      'docs/a.md:12: npm run nope: package.json has no such script',
      'docs/a.md:10: poolchaos frobnicate: the CLI has no command frobnicate',
      'docs/a.md:15: poolchaos frobnicate --out x: the CLI has no command frobnicate',
      'docs/a.md:16: poolchaos serve --config x --json: poolchaos serve takes no --json',
      'docs/a.md:17: poolchaos pool lst: poolchaos pool has no subcommand lst',
      'docs/a.md:17: poolchaos pool list -x: poolchaos pool takes no -x',
      'docs/a.md:24: poolchaos run a.yaml [--out <dir>] --bogus: poolchaos run takes no --bogus',
      'docs/a.md:24: poolchaos report j --junit f: poolchaos report takes no --junit',
      'docs/b.md:11: a fenced block is never closed',
      'docs/b.md: 2 H1 headings (expected exactly one)',
      'docs/b.md: the first section is not "## Contents"',
    ]);
  });
});

describe('cli/usage.ts', () => {
  it('lists in each command help exactly the flags the command accepts', () => {
    for (const [name, spec] of Object.entries(COMMANDS)) {
      const shown = new Set([...spec.usage.matchAll(/--([a-z][a-z0-9-]*)/g)].map((match) => match[1]));
      assert.deepEqual([...shown].sort(), [...spec.flags].sort(), name);
    }
  });

  it('names every command and subcommand in the main help', () => {
    const lines = MAIN_USAGE.split('\n').map((line) => line.trim());
    for (const [name, spec] of Object.entries(COMMANDS)) {
      const forms = spec.subcommands.length === 0 ? [name] : spec.subcommands.map((sub) => `${name} ${sub}`);
      for (const form of forms)
        assert.ok(
          lines.some((line) => line.startsWith(`${form} `)),
          form,
        );
    }
  });

  it("spells pool's subcommands in its usage line as the table does", () => {
    assert.match(COMMANDS.pool.usage, new RegExp(`^Usage: poolchaos pool <${COMMANDS.pool.subcommands.join('\\|')}>`));
  });
});
