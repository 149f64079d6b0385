import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FAULT_KINDS } from '../../../faults/index.ts';
import { renderFiguresTable } from '../../../chaos/expect/figures-table.ts';
import { expectErrorTemplates } from '../../../chaos/expect/expect-errors.ts';
import { scenarioErrorTemplates } from '../../../chaos/scenario/scenario-errors.ts';
import { loadErrorTemplates } from '../../../chaos/load/load-errors.ts';

/** The pages that own the harness's subjects. */
const page = (name: string): string => readFileSync(fileURLToPath(new URL(`../../../docs/${name}`, import.meta.url)), 'utf8');
const FAULTS_DOC = page('faults.md');
const SCENARIOS_DOC = page('scenarios.md');
const ERRORS_DOC = page('errors.md');

describe("the chaos harness's docs", () => {
  it('has a row for every fault kind in docs/faults.md', () => {
    const missing = FAULT_KINDS.filter((kind) => !FAULTS_DOC.includes(`| \`${kind}\` |`));
    assert.deepEqual(missing, []);
  });

  it('carries the figures table in docs/scenarios.md exactly as the registry renders it', () => {
    assert.equal(SCENARIOS_DOC.includes(renderFiguresTable().trimEnd()), true);
  });

  it('documents every scenario, expectation and load driver error code in docs/errors.md', () => {
    const codes = [...Object.keys(scenarioErrorTemplates), ...Object.keys(expectErrorTemplates), ...Object.keys(loadErrorTemplates)];
    assert.deepEqual(
      codes.filter((code) => !ERRORS_DOC.includes(`\`${code}\``)),
      [],
    );
  });
});
