/**
 * Renders the generated parts of the docs (scripts/docs/generated-blocks.ts) into their pages.
 *
 *   node scripts/build-docs.ts          rewrite the pages whose generated parts are stale
 *   node scripts/build-docs.ts --check  write nothing; exit 1 listing the pages that differ
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GENERATED_BLOCKS, renderPage } from './docs/generated-blocks.ts';

const USAGE = 'usage: node scripts/build-docs.ts [--check]\n';
const REPO_DIR = join(import.meta.dirname, '..');

async function main(args: readonly string[]): Promise<number> {
  if (args.length > 1 || (args.length === 1 && args[0] !== '--check')) {
    process.stderr.write(USAGE);
    return 2;
  }
  const isCheck = args[0] === '--check';
  const stale: string[] = [];
  for (const file of new Set(GENERATED_BLOCKS.map((block) => block.file))) {
    const path = join(REPO_DIR, file);
    const page = await readFile(path, 'utf8');
    const rendered = renderPage(file, page);
    if (rendered === page) continue;
    stale.push(file);
    if (!isCheck) await writeFile(path, rendered);
  }
  if (isCheck && stale.length > 0) {
    process.stderr.write(`docs out of date (run npm run docs):\n${stale.map((file) => `  ${file}\n`).join('')}`);
    return 1;
  }
  process.stdout.write(isCheck ? 'docs up to date\n' : `wrote ${stale.length} docs page(s)\n`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
