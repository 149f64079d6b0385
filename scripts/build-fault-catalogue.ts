/**
 * Writes faults/fault-catalogue.json from the TypeScript catalogue (`npm run faults:catalogue`);
 * `--check` only compares and exits 1 when the committed file is not current.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderFaultCatalogueJson } from '../faults/index.ts';

const FILE = fileURLToPath(new URL('../faults/fault-catalogue.json', import.meta.url));
const isCheck = process.argv.includes('--check');
const expected = renderFaultCatalogueJson();
if (isCheck) {
  let actual: string | null;
  try {
    actual = readFileSync(FILE, 'utf8');
  } catch {
    actual = null;
  }
  if (actual !== expected) {
    process.stderr.write(`${FILE} is not current: run npm run faults:catalogue and commit it\n`);
    process.exit(1);
  }
  process.stdout.write(`${FILE} is current\n`);
} else {
  writeFileSync(FILE, expected);
  process.stdout.write(`wrote ${FILE}\n`);
}
