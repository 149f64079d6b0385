/**
 * Renders the generated parts of the docs (scripts/docs/generated-blocks.ts) into their pages.
 *
 *   node scripts/build-docs.ts          rewrite the pages whose generated parts are stale
 *   node scripts/build-docs.ts --check  write nothing; exit 1 listing the pages that differ
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GENERATED_BLOCKS, renderPage } from './docs/generated-blocks.ts';
import { writeOrCheck } from './generated-files.ts';

const REPO_DIR = join(import.meta.dirname, '..');

const files = await Promise.all(
  [...new Set(GENERATED_BLOCKS.map((block) => block.file))].map(async (file) => {
    const path = join(REPO_DIR, file);
    return { path, label: file, text: renderPage(file, await readFile(path, 'utf8')) };
  }),
);
process.exitCode = await writeOrCheck(process.argv.slice(2), files, { what: 'docs', command: 'npm run docs' });
