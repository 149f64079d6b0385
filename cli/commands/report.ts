/**
 * `poolchaos report <journal.json...>`: re-renders the reports of earlier runs from their journals
 * (into each journal's folder, or --out). Refuses a file that is not a journal of a known schema version.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { JOURNAL_SCHEMA_VERSION, type Journal } from '../../chaos/index.ts';
import { REPORT_FILES, writeScenarioReports } from '../../reports/index.ts';
import { EXIT_BAD_INPUT, EXIT_OK } from '../exit-codes.ts';

/** Reads and checks a journal file; throws an Error naming the file and the problem. */
export function readJournal(file: string): Journal {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: cannot read a journal: ${(error as Error).message}`, { cause: error });
  }
  const version = (value as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof value !== 'object' || value === null || !('scenario' in value) || !('timeline' in value)) {
    throw new Error(`${file}: not a poolchaos journal (no scenario or timeline)`);
  }
  if (version !== JOURNAL_SCHEMA_VERSION) {
    throw new Error(
      `${file}: journal schemaVersion ${JSON.stringify(version)} is not ${String(JOURNAL_SCHEMA_VERSION)}, which this poolchaos renders`,
    );
  }
  return value as Journal;
}

/** Runs the command; resolves to the exit code. */
export function report(files: readonly string[], outDir: string | undefined): number {
  if (files.length === 0) {
    process.stderr.write('poolchaos report: name at least one journal.json (see poolchaos report --help)\n');
    return EXIT_BAD_INPUT;
  }
  let journals: { file: string; journal: Journal }[];
  try {
    journals = files.map((file) => ({ file, journal: readJournal(file) }));
  } catch (error) {
    process.stderr.write(`poolchaos report: ${(error as Error).message}\n`);
    return EXIT_BAD_INPUT;
  }
  for (const { file, journal } of journals) {
    const dir = outDir === undefined ? dirname(file) : journals.length > 1 ? join(outDir, journal.scenario.name) : outDir;
    writeScenarioReports(dir, journal, { writeJournal: outDir !== undefined });
    process.stdout.write(`${journal.scenario.name}: ${dir}/${REPORT_FILES.html}\n`);
  }
  return EXIT_OK;
}
