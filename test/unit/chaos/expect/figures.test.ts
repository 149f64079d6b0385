import assert from 'node:assert/strict';
import { FIGURES, figureNames, findFigure } from '../../../../chaos/expect/figures.ts';
import { twoPoolCrashJournal } from '../../../fixtures/journals/two-pool-crash-journal.ts';
import { actualOf } from './read-figure.ts';

/** Every figure: unit, labels (`!` marks a required one, `*` any other), and whether it takes windows. */
const REGISTRY: readonly (readonly [name: string, unit: string, labels: string, hasWindows: boolean])[] = [
  ['requests.sent', 'count', '', true],
  ['requests.served', 'count', '', true],
  ['requests.rejected', 'count', '', true],
  ['requests.lost', 'count', '', true],
  ['requests.retried', 'count', '', false],
  ['requests.inFlightAtStop', 'count', '', false],
  ['requests.lostRate', 'ratio', '', true],
  ['requests.rejectedRate', 'ratio', '', true],
  ['served', 'count', 'status', true],
  ['rejected', 'count', 'reason', true],
  ['lost', 'count', 'reason', true],
  ['latency.p50', 'ms', '', true],
  ['latency.p90', 'ms', '', true],
  ['latency.p99', 'ms', '', true],
  ['latency.max', 'ms', '', true],
  ['latency.mean', 'ms', '', true],
  ['front.accepted', 'count', 'pool', false],
  ['front.served', 'count', 'pool', false],
  ['front.rejected', 'count', 'reason,pool', false],
  ['front.lost', 'count', 'reason,pool', false],
  ['front.retried', 'count', 'pool', false],
  ['front.clientAborted', 'count', 'pool', false],
  ['restarts', 'count', 'reason', false],
  ['recycles', 'count', 'reason', false],
  ['recovery.replacementReadyMs.max', 'ms', '', false],
  ['recovery.replacementReadyMs.min', 'ms', '', false],
  ['recovery.replacementReadyMs.mean', 'ms', '', false],
  ['recovery.replacementReadyMs.count', 'count', '', false],
  ['workers.startupMs.max', 'ms', 'pool', false],
  ['workers.startupMs.min', 'ms', 'pool', false],
  ['workers.startupMs.mean', 'ms', 'pool', false],
  ['workers.startupMs.count', 'count', 'pool', false],
  ['workers.ready.final', 'count', '', false],
  ['faults.injected', 'count', 'kind', false],
  ['faults.failed', 'count', 'kind', false],
  ['events', 'count', 'type!,*', true],
  ['disagreements', 'count', '', false],
];

/** Each figure on the fixture journal, written with the labels it needs and nothing else. */
const ON_FIXTURE: Readonly<Record<string, number>> = {
  'requests.sent': 952,
  'requests.served': 731,
  'requests.rejected': 213,
  'requests.lost': 6,
  'requests.retried': 5,
  'requests.inFlightAtStop': 2,
  'requests.lostRate': 6 / 952,
  'requests.rejectedRate': 213 / 952,
  served: 731,
  rejected: 213,
  lost: 6,
  'latency.p50': 3,
  'latency.p90': 8,
  'latency.p99': 96,
  'latency.max': 1000,
  'latency.mean': 4.87,
  'front.accepted': 739,
  'front.served': 731,
  'front.rejected': 213,
  'front.lost': 4,
  'front.retried': 5,
  'front.clientAborted': 1,
  restarts: 5,
  recycles: 1,
  'recovery.replacementReadyMs.max': 1150,
  'recovery.replacementReadyMs.min': 846,
  'recovery.replacementReadyMs.mean': 998,
  'recovery.replacementReadyMs.count': 2,
  'workers.startupMs.max': 1145,
  'workers.startupMs.min': 200,
  'workers.startupMs.mean': 3095 / 7,
  'workers.startupMs.count': 7,
  'workers.ready.final': 2,
  'faults.injected': 3,
  'faults.failed': 1,
  'events{type=worker-ready}': 7,
  disagreements: 1,
};

function describeLabels(name: string): string {
  const figure = findFigure(name)!;
  const labels = figure.labels.map((label) => (label.isRequired ? `${label.name}!` : label.name));
  return [...labels, ...(figure.takesAnyLabel ? ['*'] : [])].join(',');
}

describe('figure registry', () => {
  describe('the list of figures', () => {
    it('is exactly these figures, in this order', () => {
      assert.deepEqual(
        figureNames(),
        REGISTRY.map(([name]) => name),
      );
    });

    it('gives each figure this unit, these labels and these windows', () => {
      const actual = FIGURES.map((figure) => [figure.name, figure.unit, describeLabels(figure.name), figure.hasWindows]);
      assert.deepEqual(actual, REGISTRY);
    });

    it('describes every figure in one line', () => {
      for (const figure of FIGURES) {
        assert.match(figure.description, /^[a-z0-9].*[^.]$/, figure.name);
        assert.equal(figure.description.includes('\n'), false, figure.name);
      }
    });

    it('gives every label an example its own check accepts', () => {
      for (const figure of FIGURES) {
        for (const label of figure.labels) {
          const { accepts, example } = label;
          const isAccepted = accepts === null || ('pattern' in accepts ? accepts.pattern.test(example) : accepts.includes(example));
          assert.equal(isAccepted, true, `${figure.name}{${label.name}=${example}}`);
        }
      }
    });
  });

  describe('findFigure', () => {
    it('finds a figure by its bare name', () => {
      assert.equal(findFigure('latency.p99')?.unit, 'ms');
    });

    it('finds nothing for a window prefix, labels or an unknown name', () => {
      assert.equal(findFigure('after.latency.p99'), undefined);
      assert.equal(findFigure('restarts{reason=crash}'), undefined);
      assert.equal(findFigure('latency.p95'), undefined);
    });
  });

  describe('on the two-pool crash journal', () => {
    it('covers every figure in this table', () => {
      const covered = Object.keys(ON_FIXTURE).map((written) => written.replace(/\{.*$/, ''));
      assert.deepEqual(covered, figureNames());
    });

    for (const [written, expected] of Object.entries(ON_FIXTURE)) {
      it(`reads ${written} as ${expected}`, () => {
        assert.equal(actualOf(written, twoPoolCrashJournal()), expected);
      });
    }
  });
});
