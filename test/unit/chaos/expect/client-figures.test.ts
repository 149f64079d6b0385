import assert from 'node:assert/strict';
import type { Journal, TimelineSecond } from '../../../../chaos/journal/journal.ts';
import { twoPoolCrashJournal } from '../../../fixtures/journals/two-pool-crash-journal.ts';
import { actualOf, messageOf } from './read-figure.ts';

function withTimeline(journal: Journal, change: (row: TimelineSecond) => TimelineSecond): Journal {
  return { ...journal, timeline: journal.timeline.map(change) };
}

const NO_LATENCY = { count: 0, p50Ms: 0, p90Ms: 0, p99Ms: 0, maxMs: 0, meanMs: 0 };

describe('client figures', () => {
  const journal = twoPoolCrashJournal();

  describe('over the whole run', () => {
    const cases: readonly (readonly [string, number])[] = [
      ['served{status=200}', 730],
      ['served{status=500}', 1],
      ['served{status=404}', 0],
      ['served{status=2xx}', 730],
      ['served{status=5xx}', 1],
      ['served{status=4xx}', 0],
      ['rejected{reason=AppOffline}', 213],
      ['rejected{reason=QueueFull}', 0],
      ['rejected{reason=Disabled}', 0],
      ['lost{reason=reset}', 4],
      ['lost{reason=eof}', 1],
      ['lost{reason=truncated}', 0],
      ['lost{reason=timeout}', 1],
    ];
    for (const [figure, expected] of cases) {
      it(`reads ${figure} as ${expected} from the driver's totals`, () => {
        assert.equal(actualOf(figure, journal), expected);
      });
    }

    it('has no latency when none was recorded', () => {
      const silent = { ...journal, latency: NO_LATENCY };
      assert.equal(actualOf('latency.p99', silent), null);
      assert.equal(messageOf('latency.p99', silent), 'latency.p99 has no value: no latency was recorded in the whole run');
    });

    it('has no rate when nothing was sent', () => {
      const idle = { ...journal, requests: { ...journal.requests, sent: 0 } };
      assert.equal(actualOf('requests.lostRate', idle), null);
      assert.equal(messageOf('requests.lostRate', idle), 'requests.lostRate has no value: no request was sent in the whole run');
    });
  });

  describe('in the before window [1000ms, 4000ms): seconds 1 to 3', () => {
    const cases: readonly (readonly [string, number])[] = [
      ['before.requests.sent', 300],
      ['before.requests.served', 300],
      ['before.requests.rejected', 0],
      ['before.requests.lost', 0],
      ['before.requests.lostRate', 0],
      ['before.requests.rejectedRate', 0],
      ['before.served', 300],
      ['before.served{status=200}', 300],
      ['before.rejected', 0],
      ['before.lost{reason=reset}', 0],
      ['before.latency.p50', 3],
      ['before.latency.p90', 8],
      ['before.latency.p99', 17],
      ['before.latency.max', 24],
      ['before.latency.mean', 5],
    ];
    for (const [figure, expected] of cases) {
      it(`reads ${figure} as ${expected}`, () => {
        assert.equal(actualOf(figure, journal), expected);
      });
    }
  });

  describe('in the after window [7000ms, 10000ms): seconds 7 to 9', () => {
    const cases: readonly (readonly [string, number])[] = [
      ['after.requests.sent', 252],
      ['after.requests.served', 124],
      ['after.requests.rejected', 125],
      ['after.requests.lost', 1],
      ['after.requests.lostRate', 1 / 252],
      ['after.requests.rejectedRate', 125 / 252],
      ['after.served{status=200}', 124],
      ['after.served{status=5xx}', 0],
      ['after.rejected{reason=AppOffline}', 125],
      ['after.lost', 1],
      ['after.lost{reason=timeout}', 1],
      ['after.lost{reason=reset}', 0],
      ['after.latency.p50', 1],
      ['after.latency.p90', 5],
      ['after.latency.p99', 11],
      ['after.latency.max', 1000],
      ['after.latency.mean', 6.4],
    ];
    for (const [figure, expected] of cases) {
      it(`reads ${figure} as ${expected}`, () => {
        assert.equal(actualOf(figure, journal), expected);
      });
    }

    it("weights the mean by each second's count: (2×100 + 12×100 + 4×50) / 250", () => {
      assert.equal(actualOf('after.latency.mean', journal), 1600 / 250);
    });
  });

  describe('when a window is empty or silent', () => {
    it('has no value when the window holds no timeline second', () => {
      const noBefore = { ...journal, phases: { ...journal.phases, beforeFromMs: 4000 } };
      assert.equal(actualOf('before.requests.lost', noBefore), null);
      assert.equal(
        messageOf('before.requests.lost', noBefore),
        'requests.lost has no value: the before window [4000ms, 4000ms) holds no timeline second',
      );
    });

    it('leaves seconds without a recorded latency out of the window latency', () => {
      const quietSecond8 = withTimeline(journal, (row) => (row.second === 8 ? { ...row, latency: NO_LATENCY } : row));
      assert.equal(actualOf('after.latency.max', quietSecond8), 14);
      assert.equal(actualOf('after.latency.mean', quietSecond8), (2 * 100 + 4 * 50) / 150);
      assert.equal(actualOf('after.latency.p50', quietSecond8), 1);
    });

    it('has no latency when no second in the window recorded one', () => {
      const silent = withTimeline(journal, (row) => ({ ...row, latency: NO_LATENCY }));
      assert.equal(actualOf('after.latency.p90', silent), null);
      assert.equal(
        messageOf('after.latency.p90', silent),
        'latency.p90 has no value: no latency was recorded in the after window [7000ms, 10000ms)',
      );
      assert.equal(actualOf('after.requests.sent', silent), 252);
    });

    it('has no rate when nothing was sent in the window', () => {
      const idle = withTimeline(journal, (row) => (row.second < 4 ? { ...row, sent: 0 } : row));
      assert.equal(
        messageOf('before.requests.rejectedRate', idle),
        'requests.rejectedRate has no value: no request was sent in the before window [1000ms, 4000ms)',
      );
    });
  });

  describe('figures without windows', () => {
    it('reads requests.retried from the front-reported count and requests.inFlightAtStop from the driver', () => {
      const changed = { ...journal, requests: { ...journal.requests, retried: 9, inFlightAtStop: 0 } };
      assert.equal(actualOf('requests.retried', changed), 9);
      assert.equal(actualOf('requests.inFlightAtStop', changed), 0);
    });
  });
});
