import assert from 'node:assert/strict';
import { emptyTally, tallyExport } from '../../../../bench/dispatch/otlp-spans.ts';

function resourceSpans(attributes: Record<string, unknown>, spanNames: readonly string[][]): unknown {
  return {
    resource: { attributes: Object.entries(attributes).map(([key, value]) => ({ key, value: { stringValue: String(value) } })) },
    scopeSpans: spanNames.map((names) => ({ scope: { name: 'poolchaos' }, spans: names.map((name) => ({ name, traceId: 'ab' })) })),
  };
}

describe('tallyExport', () => {
  describe('with front and worker resources', () => {
    it('counts every span by side and name across scopes and requests', () => {
      const tally = emptyTally();
      tallyExport(tally, {
        resourceSpans: [
          resourceSpans({ 'service.instance.id': 'front/10' }, [['GET', 'poolchaos.queue.wait'], ['GET']]),
          resourceSpans({ 'service.instance.id': 'bench/1/11', 'poolchaos.worker.id': 1 }, [['GET']]),
        ],
      });
      tallyExport(tally, { resourceSpans: [resourceSpans({ 'poolchaos.worker.id': 2 }, [['GET', 'GET']])] });
      assert.deepEqual(tally, {
        requests: 2,
        unreadableRequests: 0,
        spans: 6,
        bySideAndName: { 'front GET': 2, 'front poolchaos.queue.wait': 1, 'worker GET': 3 },
      });
    });
  });

  describe('with a body that is not OTLP JSON', () => {
    it('counts the request as unreadable and no span', () => {
      const tally = emptyTally();
      tallyExport(tally, undefined);
      tallyExport(tally, { partialSuccess: {} });
      assert.deepEqual(tally, { requests: 2, unreadableRequests: 2, spans: 0, bySideAndName: {} });
    });
  });

  describe('with a span without a name and a resource without attributes', () => {
    it('counts it as an unnamed front span', () => {
      const tally = emptyTally();
      tallyExport(tally, { resourceSpans: [{ scopeSpans: [{ spans: [{}] }] }] });
      assert.deepEqual(tally, { requests: 1, unreadableRequests: 0, spans: 1, bySideAndName: { 'front (unnamed)': 1 } });
    });
  });
});
