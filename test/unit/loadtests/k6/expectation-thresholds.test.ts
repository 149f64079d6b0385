import assert from 'node:assert/strict';
import type { ExpectationWindow } from '../../../../chaos/expect/expectation.ts';
import { parseExpectation } from '../../../../chaos/expect/parse-expectation.ts';
import { translateExpectation, type Translation, type TranslationContext } from '../../../../loadtests/k6/expectation-thresholds.ts';

/** pingInterval is the one setting these expectations name. */
const resolveSetting = (path: string) =>
  path === 'server.pools.web.processModel.pingInterval' ? { value: 500, unit: 'ms' as const } : { problem: `no ${path}` };

/** Three injections; a floor doubles over the whole run, and the scenario's before window is empty. */
const CONTEXT: TranslationContext = {
  injectionCount: 3,
  scaledFloor: (value: number, window: ExpectationWindow) => (window === 'before' ? null : value * 2),
};

function translate(text: string, context: TranslationContext = CONTEXT): Translation {
  return translateExpectation(parseExpectation(text, { resolveSetting }), context);
}

/** The thresholds as `metric expression` lines. */
function thresholdsOf(text: string): string[] {
  const translation = translate(text);
  assert.ok(
    'thresholds' in translation,
    `${text} is judged by npm run chaos only: ${'chaosOnly' in translation ? translation.chaosOnly : ''}`,
  );
  assert.deepEqual(translation.eventChecks, []);
  return translation.thresholds.map((line) => `${line.metric} ${line.expression}`);
}

describe('translateExpectation (the k6 translation table)', () => {
  describe('when k6 has the figure as a threshold', () => {
    const TABLE: readonly (readonly [string, readonly string[]])[] = [
      // Nothing lost: every request has a status its promise accepts, and none came back without one.
      ['requests.lost == 0', ['http_req_failed rate==0', 'requests_lost count==0']],
      ['lost == 0', ['http_req_failed rate==0', 'requests_lost count==0']],
      ['after.requests.lost == 0', ['http_req_failed{phase:after} rate==0', 'requests_lost{phase:after} count==0']],
      ['before.lost == 0', ['http_req_failed{phase:before} rate==0', 'requests_lost{phase:before} count==0']],
      ['requests.lost <= 0', ['requests_lost count<=0']],
      // Other request counts compare with 0 as written.
      ['requests.rejected == 0', ['requests_rejected count==0']],
      ['rejected{reason=AppOffline} > 0', ['requests_rejected{reason:AppOffline} count>0']],
      ['after.rejected{reason=QueueFull} == 0', ['requests_rejected{reason:QueueFull,phase:after} count==0']],
      ['requests.served == 0', ['requests_served count==0']],
      ['requests.sent > 0', ['http_reqs count>0']],
      // Served and sent floors, scaled to the k6 run.
      ['requests.served > 1000', ['requests_served count>2000']],
      ['after.served{status=200} >= 10', ['requests_served{status:200,phase:after} count>=20']],
      ['requests.sent >= 100', ['http_reqs count>=200']],
      // Faults.
      ['faults.injected == 4', ['poolchaos_fault_injected count==4']],
      ['faults.injected{kind=crash} >= 1', ['poolchaos_fault_injected{kind:crash} count>=1']],
      ['faults.failed == 0', ['poolchaos_fault_injected count==3', 'checks{scenario:faults} rate==1']],
      // Restarts and recycles, which k6 counts together by reason.
      ['restarts == 2', ['poolchaos_worker_restarts count==2']],
      ['restarts{reason=ping_timeout} == 1', ['poolchaos_worker_restarts{reason:ping_timeout} count==1']],
      ['recycles{reason=PrivateMemory} >= 1', ['poolchaos_worker_restarts{reason:PrivateMemory} count>=1']],
      // Rapid-fail trips.
      ['events{type=rapid-fail-tripped} == 1', ['poolchaos_rapid_fail_trips count==1']],
      ['events{type=rapid-fail-tripped,pool=a} == 1', ['poolchaos_rapid_fail_trips{pool:a} count==1']],
      // Recovery: detection bounds, and bounds against a constant; each needs a recovery to have happened.
      [
        'recovery.replacementReadyMs.max < workers.startupMs.max + 1s',
        ['poolchaos_recovery_duration min>0', 'poolchaos_detection_duration max<1000'],
      ],
      [
        'recovery.replacementReadyMs.max <= server.pools.web.processModel.pingInterval + workers.startupMs.max + 500ms',
        ['poolchaos_recovery_duration min>0', 'poolchaos_detection_duration max<=1000'],
      ],
      ['recovery.replacementReadyMs.max < 5s', ['poolchaos_recovery_duration min>0', 'poolchaos_recovery_duration max<5000']],
      ['recovery.replacementReadyMs.min > 100ms', ['poolchaos_recovery_duration min>0', 'poolchaos_recovery_duration min>100']],
      ['recovery.replacementReadyMs.mean < 2s', ['poolchaos_recovery_duration min>0', 'poolchaos_recovery_duration avg<2000']],
      // Latency, settings resolved.
      ['latency.p50 < 100ms', ['http_req_duration med<100']],
      ['latency.p90 <= 1s', ['http_req_duration p(90)<=1000']],
      ['after.latency.p99 < 800ms', ['http_req_duration{phase:after} p(99)<800']],
      ['latency.max < server.pools.web.processModel.pingInterval + 1s', ['http_req_duration max<1500']],
      ['before.latency.mean < 50', ['http_req_duration{phase:before} avg<50']],
    ];
    for (const [text, expected] of TABLE) {
      it(`states ${text} as ${expected.join(', ')}`, () => {
        assert.deepEqual(thresholdsOf(text), expected);
      });
    }
  });

  describe('when k6 has the figure in the event follower', () => {
    it('checks event counts by type, in one pool or all, and the recoveries it measured', () => {
      assert.deepEqual(translate('events{type=failure-counted, pool=a} == 3'), {
        expectation: 'events{type=failure-counted, pool=a} == 3',
        thresholds: [],
        eventChecks: [
          { name: 'events{type=failure-counted, pool=a} == 3', count: { type: 'failure-counted', pool: 'a' }, operator: '==', value: 3 },
        ],
      });
      assert.deepEqual(translate('events{type=worker-ready} >= 2'), {
        expectation: 'events{type=worker-ready} >= 2',
        thresholds: [],
        eventChecks: [{ name: 'events{type=worker-ready} >= 2', count: { type: 'worker-ready', pool: null }, operator: '>=', value: 2 }],
      });
      assert.deepEqual(translate('recovery.replacementReadyMs.count == 4'), {
        expectation: 'recovery.replacementReadyMs.count == 4',
        thresholds: [],
        eventChecks: [{ name: 'recovery.replacementReadyMs.count == 4', count: 'recoveries', operator: '==', value: 4 }],
      });
    });

    it('names a check by the expectation with its whitespace folded, as YAML folds a long one', () => {
      assert.equal(translate('restarts{reason=crash}\n  == 4').expectation, 'restarts{reason=crash} == 4');
    });
  });

  describe('when k6 has no such figure', () => {
    const TABLE: readonly (readonly [string, string])[] = [
      ['front.lost{pool=b} == 0', "the front's own count; k6 sees only the client's side"],
      ['front.served{pool=b} > 500', "the front's own count; k6 sees only the client's side"],
      ['requests.retried > 0', 'a replay is invisible to the client'],
      ['requests.inFlightAtStop == 0', 'k6 lets every request finish or time out before it stops'],
      ['requests.lostRate < 1%', "k6's rate (http_req_failed) counts every unexpected status, not only losses or rejections"],
      ['workers.startupMs.max < 1s', 'k6 has no figure for start-ups or for the ready workers of all pools together'],
      ['workers.ready.final == 2', 'k6 has no figure for start-ups or for the ready workers of all pools together'],
      ['disagreements == 0', "it compares the harness's client and front counts"],
      ['recycles >= 1', 'k6 counts recycles among the restarts by reason; name the reason'],
      ['faults.failed > 0', 'k6 counts the injections that succeeded; only faults.failed == 0 carries over'],
      ['faults.failed{kind=crash} == 0', 'k6 counts the injections that succeeded; only faults.failed == 0 carries over'],
      ['lost{reason=timeout} == 0', "k6 tells losses apart by its error codes, not by the harness's reasons"],
      ['served{status=5xx} == 0', 'a k6 sub-metric matches one status, not a class'],
      ['requests.lost < 5', "a request count of 5 depends on the harness's load (k6 keeps only bounds of 0 and served or sent floors)"],
      [
        'requests.served < 100',
        "a request count of 100 depends on the harness's load (k6 keeps only bounds of 0 and served or sent floors)",
      ],
      ['before.requests.served > 10', "the scenario's before window is empty, so its floor cannot be scaled to the k6 run"],
      [
        'events{type=worker-recycling,reason=PrivateMemory,isOverlapped=true} == 1',
        'the k6 event follower counts events by type and pool only, not by reason, isOverlapped',
      ],
      ['after.events{type=worker-ready} >= 1', 'the k6 event follower does not split events by phase'],
      [
        'recovery.replacementReadyMs.max > workers.startupMs.max + 1s',
        'k6 bounds recoveries only as recovery.replacementReadyMs.max < C + workers.startupMs.max (the detection) or against a constant',
      ],
      [
        'recovery.replacementReadyMs.max < workers.startupMs.max{pool=web} + 1s',
        'k6 bounds recoveries only as recovery.replacementReadyMs.max < C + workers.startupMs.max (the detection) or against a constant',
      ],
      [
        'recovery.replacementReadyMs.count == workers.startupMs.count',
        'its bound holds a figure of the run (workers.startupMs.count), which k6 does not have',
      ],
      ['latency.max < workers.startupMs.min', 'its bound holds a figure of the run (workers.startupMs.min), which k6 does not have'],
      [
        'restarts{reason=crash} == workers.startupMs.count - 2',
        'its bound holds a figure of the run (workers.startupMs.count), which k6 does not have',
      ],
    ];
    for (const [text, why] of TABLE) {
      it(`leaves ${text} to npm run chaos`, () => {
        assert.deepEqual(translate(text), { expectation: text, chaosOnly: why });
      });
    }

    it('leaves faults.failed == 0 to npm run chaos when the scenario injects nothing', () => {
      assert.deepEqual(translate('faults.failed == 0', { ...CONTEXT, injectionCount: 0 }), {
        expectation: 'faults.failed == 0',
        chaosOnly: 'the scenario injects no fault, so the k6 run has no faults scenario',
      });
    });
  });
});
