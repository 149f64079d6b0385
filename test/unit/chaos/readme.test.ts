import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FAULT_KINDS } from '../../../faults/index.ts';
import { renderFiguresTable } from '../../../chaos/expect/figures-table.ts';
import { expectErrorTemplates } from '../../../chaos/expect/expect-errors.ts';
import { scenarioErrorTemplates } from '../../../chaos/scenario/scenario-errors.ts';
import { loadErrorTemplates } from '../../../chaos/load/load-errors.ts';

const README = readFileSync(fileURLToPath(new URL('../../../README.md', import.meta.url)), 'utf8');

describe('README for the chaos harness', () => {
  it('has a row for every fault kind', () => {
    const missing = FAULT_KINDS.filter((kind) => !README.includes(`| \`${kind}\` |`));
    assert.deepEqual(missing, []);
  });

  it('carries the figures table exactly as the registry renders it', () => {
    assert.equal(README.includes(renderFiguresTable().trimEnd()), true);
  });

  it('documents every scenario, expectation and load driver error code', () => {
    const codes = [...Object.keys(scenarioErrorTemplates), ...Object.keys(expectErrorTemplates), ...Object.keys(loadErrorTemplates)];
    assert.deepEqual(codes.filter((code) => !README.includes(`\`${code}\``)), []);
  });
});
