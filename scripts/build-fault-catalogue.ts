/**
 * Writes faults/fault-catalogue.json from the TypeScript catalogue (`npm run faults:catalogue`);
 * `--check` only compares and exits 1 when the committed file is not current.
 */
import { fileURLToPath } from 'node:url';
import { renderFaultCatalogueJson } from '../faults/index.ts';
import { writeOrCheck } from './generated-files.ts';

const file = {
  path: fileURLToPath(new URL('../faults/fault-catalogue.json', import.meta.url)),
  label: 'faults/fault-catalogue.json',
  text: renderFaultCatalogueJson(),
};
process.exitCode = await writeOrCheck(process.argv.slice(2), [file], { what: 'fault catalogue', command: 'npm run faults:catalogue' });
