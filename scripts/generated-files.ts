/**
 * The one way a build step keeps files it renders from the code current: write the stale ones, or,
 * with `--check` (what CI runs), write nothing and fail listing them. Used by `npm run docs`,
 * `npm run dashboards` and `npm run faults:catalogue`.
 */
import { readFile, writeFile } from 'node:fs/promises';

/** One rendered file: where it goes, how messages name it, and its text. */
export interface GeneratedFile {
  readonly path: string;
  readonly label: string;
  readonly text: string;
}

/** How the step is named in its messages: `docs`, run again with `npm run docs`. */
export interface GeneratedFilesStep {
  readonly what: string;
  readonly command: string;
}

/** Runs the step for `args` (nothing or `--check`); resolves to the exit status (0, 1 stale on --check, 2 bad usage). */
export async function writeOrCheck(args: readonly string[], files: readonly GeneratedFile[], step: GeneratedFilesStep): Promise<number> {
  if (args.length > 1 || (args.length === 1 && args[0] !== '--check')) {
    process.stderr.write(`usage: ${step.command} [-- --check]\n`);
    return 2;
  }
  const isCheck = args[0] === '--check';
  const stale: string[] = [];
  for (const file of files) {
    if ((await readOrNull(file.path)) === file.text) continue;
    stale.push(file.label);
    if (!isCheck) await writeFile(file.path, file.text);
  }
  if (isCheck && stale.length > 0) {
    process.stderr.write(`${step.what} out of date (run ${step.command}):\n${stale.map((label) => `  ${label}\n`).join('')}`);
    return 1;
  }
  process.stdout.write(isCheck ? `${step.what} up to date\n` : `wrote ${String(stale.length)} ${step.what} file(s)\n`);
  return 0;
}

async function readOrNull(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return null;
  }
}
