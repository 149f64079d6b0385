/**
 * Writes the k6 promise scripts from the default suite's scenarios (loadtests/k6/promise-scripts.ts).
 *
 *   npm run k6:generate               write the stale loadtests/k6/<promise>.js, delete generated ones no scenario makes
 *   npm run k6:generate -- --check    write nothing; exit 1 naming every stale or orphaned script
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeOrCheck } from '../../scripts/generated-files.ts';
import { listK6Promises, orphanedScripts, renderPromiseScripts, REPO_DIR, staleScripts } from './promise-scripts.ts';

const STEP = { what: 'k6 promise scripts', command: 'npm run k6:generate' };

/** What `--check` reports: every script that differs from its scenario's rendering or is missing, and every orphan. */
export async function checkPromiseScripts(): Promise<string[]> {
  const promises = await listK6Promises();
  const orphans = await orphanedScripts(promises);
  return [
    ...(await staleScripts(renderPromiseScripts(promises))),
    ...orphans.map((script) => `${script} (no scenario generates it; run ${STEP.command} to delete it)`),
  ];
}

async function main(args: readonly string[]): Promise<number> {
  if (args.length === 1 && args[0] === '--check') {
    const stale = await checkPromiseScripts();
    if (stale.length === 0) {
      process.stdout.write(`${STEP.what} up to date\n`);
      return 0;
    }
    process.stderr.write(`${STEP.what} out of date (run ${STEP.command}):\n${stale.map((label) => `  ${label}\n`).join('')}`);
    return 1;
  }
  const promises = await listK6Promises();
  const orphans = await orphanedScripts(promises);
  const status = await writeOrCheck(args, renderPromiseScripts(promises), STEP);
  if (status !== 0) return status;
  for (const script of orphans) {
    await rm(join(REPO_DIR, script));
    process.stdout.write(`deleted ${script}: no scenario generates it\n`);
  }
  return 0;
}

if (import.meta.main) process.exitCode = await main(process.argv.slice(2));
