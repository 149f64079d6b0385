import assert from 'node:assert/strict';
import { sumSamples } from '../../../../bench/dispatch/prometheus-text.ts';

const EXPOSITION = [
  '# HELP http_server_request_duration Duration of HTTP server requests.',
  '# TYPE http_server_request_duration histogram',
  'http_server_request_duration_count{pool="bench",http_request_method="GET",http_response_status_code="200",outcome="served"} 27786',
  'http_server_request_duration_sum{pool="bench",http_request_method="GET",http_response_status_code="200",outcome="served"} 120.5',
  'http_server_request_duration_bucket{pool="bench",http_request_method="GET",http_response_status_code="200",outcome="served",le="+Inf"} 27786',
  'http_server_request_duration_count{pool="bench",http_request_method="GET",outcome="client_aborted"} 126',
  'http_server_request_duration_count_extra{pool="bench"} 5',
  'poolchaos_worker_requests{pool="bench",worker_id="1"} 13893',
  '',
].join('\n');

describe('sumSamples', () => {
  describe('with the front histogram count in several series', () => {
    it('sums that exact sample name over its series and keeps each label set', () => {
      assert.deepEqual(sumSamples(EXPOSITION, 'http_server_request_duration_count'), {
        series: [
          {
            name: 'http_server_request_duration_count',
            labelText: '{pool="bench",http_request_method="GET",http_response_status_code="200",outcome="served"}',
            labels: { pool: 'bench', http_request_method: 'GET', http_response_status_code: '200', outcome: 'served' },
            value: 27_786,
          },
          {
            name: 'http_server_request_duration_count',
            labelText: '{pool="bench",http_request_method="GET",outcome="client_aborted"}',
            labels: { pool: 'bench', http_request_method: 'GET', outcome: 'client_aborted' },
            value: 126,
          },
        ],
        total: 27_912,
      });
    });
  });

  describe('with label values holding a closing brace, spaces and escaped quotes', () => {
    it('finds the value after the whole label set', () => {
      const text = 'x_total{path="/a} b",note="say \\"hi\\" }"} 7 1700000000000\nx_total 3';
      assert.deepEqual(sumSamples(text, 'x_total'), {
        series: [
          { name: 'x_total', labelText: '{path="/a} b",note="say \\"hi\\" }"}', labels: { path: '/a} b', note: 'say "hi" }' }, value: 7 },
          { name: 'x_total', labelText: '', labels: {}, value: 3 },
        ],
        total: 10,
      });
    });
  });

  describe('with no sample of that name (metrics off answer 404 bodies, other families)', () => {
    it('returns no series and 0', () => {
      assert.deepEqual(sumSamples('{"code":"ERR_METRICS_DISABLED"}', 'http_server_request_duration_count'), { series: [], total: 0 });
      assert.deepEqual(sumSamples(EXPOSITION, 'http_server_request_duration'), { series: [], total: 0 });
    });
  });

  describe('with a NaN sample or an unclosed label set', () => {
    it('skips those lines', () => {
      assert.deepEqual(sumSamples('y{a="1"} NaN\ny{a="2 5\ny{a="3"} 4', 'y'), {
        series: [{ name: 'y', labelText: '{a="3"}', labels: { a: '3' }, value: 4 }],
        total: 4,
      });
    });
  });
});
