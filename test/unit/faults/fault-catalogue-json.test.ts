import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FAULT_CATALOGUE_VERSION, FAULT_KINDS, FAULT_KIND_RULES, renderFaultCatalogueJson } from '../../../faults/index.ts';

const COMMITTED = readFileSync(fileURLToPath(new URL('../../../faults/fault-catalogue.json', import.meta.url)), 'utf8');

interface CatalogueKind {
  readonly kind: string;
  readonly delivery: string;
  readonly duration: string;
  readonly params: {
    readonly properties: Record<string, { readonly default?: unknown; readonly minimum?: number }>;
    readonly required?: string[];
  };
}

describe('fault-catalogue.json', () => {
  it('is exactly what the catalogue renders (run npm run faults:catalogue after a change)', () => {
    assert.equal(COMMITTED, renderFaultCatalogueJson());
  });

  it('lists every kind in order with its delivery and duration rule', () => {
    const catalogue = JSON.parse(COMMITTED) as { catalogueVersion: number; kinds: CatalogueKind[] };
    assert.equal(catalogue.catalogueVersion, FAULT_CATALOGUE_VERSION);
    assert.deepEqual(
      catalogue.kinds.map((entry) => [entry.kind, entry.delivery, entry.duration]),
      FAULT_KINDS.map((kind) => [kind, FAULT_KIND_RULES[kind].delivery, FAULT_KIND_RULES[kind].duration]),
    );
  });

  it('gives each kind its params as the admin API takes them, with defaults and required keys', () => {
    const kinds = new Map((JSON.parse(COMMITTED) as { kinds: CatalogueKind[] }).kinds.map((entry) => [entry.kind, entry.params]));
    assert.deepEqual(kinds.get('leak')?.properties['rateBytesPerSecond']?.default, 16 * 1024 * 1024);
    assert.deepEqual(kinds.get('slow-start')?.required, ['delayMs']);
    assert.deepEqual(kinds.get('crash-loop')?.required, ['count']);
    assert.equal(kinds.get('error-responses')?.properties['status']?.minimum, 400);
    assert.deepEqual(Object.keys(kinds.get('freeze')?.properties ?? { missing: true }), []);
  });
});
