/**
 * Writes the committed dashboard JSON from dashboards/src.
 *
 *   node dashboards/build.ts          write dashboards/*.json
 *   node dashboards/build.ts --check  write nothing; exit 1 listing the files that differ
 */
import { join } from 'node:path';
import { writeOrCheck } from '../scripts/generated-files.ts';
import { renderDashboards } from './src/index.ts';

const files = renderDashboards().map(({ file, text }) => ({ path: join(import.meta.dirname, file), label: `dashboards/${file}`, text }));
process.exitCode = await writeOrCheck(process.argv.slice(2), files, { what: 'dashboards', command: 'npm run dashboards' });
