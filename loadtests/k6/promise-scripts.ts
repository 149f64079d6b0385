/**
 * The k6 promise scripts of the default suite: one loadtests/k6/promises/<promise>.js for every
 * chaos/scenarios/<promise>.yaml with a `k6` block, rendered from it. `npm run k6:generate` writes
 * them, `-- --check` and a unit test compare them, and `npm run k6:suite` refuses to run stale ones.
 */
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../../chaos/index.ts';
import type { Scenario } from '../../chaos/index.ts';
import { GENERATED_MARK, renderPromiseScript } from './render-promise-script.ts';

export const REPO_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SUITE_DIR = 'chaos/scenarios';
const SCRIPTS_DIR = 'loadtests/k6/promises';

/** A suite scenario with a k6 run: its name, file (from the repository root) and what it loads to. */
export interface K6Promise {
  readonly name: string;
  readonly source: string;
  readonly scenario: Scenario;
  /** The script's path from the repository root. */
  readonly script: string;
}

/** Every suite scenario with a `k6` block, by name. */
export async function listK6Promises(): Promise<K6Promise[]> {
  const files = (await readdir(join(REPO_DIR, SUITE_DIR))).filter((file) => file.endsWith('.yaml')).sort();
  const promises: K6Promise[] = [];
  for (const file of files) {
    const source = `${SUITE_DIR}/${file}`;
    const scenario = await loadScenario(join(REPO_DIR, source));
    if (scenario.k6 !== null) promises.push({ name: scenario.name, source, scenario, script: `${SCRIPTS_DIR}/${scenario.name}.js` });
  }
  return promises;
}

/** The rendered scripts, as `writeOrCheck` takes them. */
export function renderPromiseScripts(promises: readonly K6Promise[]): { path: string; label: string; text: string }[] {
  return promises.map((promise) => ({
    path: join(REPO_DIR, promise.script),
    label: promise.script,
    text: renderPromiseScript(promise.scenario, promise.source),
  }));
}

/** The labels of the rendered scripts whose committed file differs or is missing. */
export async function staleScripts(files: readonly { path: string; label: string; text: string }[]): Promise<string[]> {
  const stale: string[] = [];
  for (const file of files) {
    const committed = await readFile(file.path, 'utf8').catch(() => null);
    if (committed !== file.text) stale.push(file.label);
  }
  return stale;
}

/** Generated scripts in loadtests/k6/promises that no suite scenario generates any more (from the repository root). */
export async function orphanedScripts(promises: readonly K6Promise[]): Promise<string[]> {
  const expected = new Set(promises.map((promise) => promise.script));
  const orphans: string[] = [];
  for (const file of (await readdir(join(REPO_DIR, SCRIPTS_DIR))).filter((name) => name.endsWith('.js')).sort()) {
    const script = `${SCRIPTS_DIR}/${file}`;
    if (expected.has(script)) continue;
    if ((await readFile(join(REPO_DIR, script), 'utf8')).startsWith(GENERATED_MARK)) orphans.push(script);
  }
  return orphans;
}
