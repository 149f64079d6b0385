/**
 * Writes the committed dashboard JSON from dashboards/src.
 *
 *   node dashboards/build.ts          write dashboards/*.json
 *   node dashboards/build.ts --check  write nothing; exit 1 listing the files that differ
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderDashboards } from './src/index.ts';

const USAGE = 'usage: node dashboards/build.ts [--check]\n';

async function readOrEmpty(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
}

async function main(args: readonly string[]): Promise<number> {
  if (args.length > 1 || (args.length === 1 && args[0] !== '--check')) {
    process.stderr.write(USAGE);
    return 2;
  }
  const isCheck = args[0] === '--check';
  const stale: string[] = [];
  for (const { file, text } of renderDashboards()) {
    const path = join(import.meta.dirname, file);
    if ((await readOrEmpty(path)) === text) continue;
    stale.push(`dashboards/${file}`);
    if (!isCheck) await writeFile(path, text);
  }
  if (isCheck && stale.length > 0) {
    process.stderr.write(`dashboards out of date (run npm run dashboards):\n${stale.map((file) => `  ${file}\n`).join('')}`);
    return 1;
  }
  process.stdout.write(isCheck ? 'dashboards up to date\n' : `wrote ${stale.length} dashboard file(s)\n`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
