import assert from 'node:assert/strict';
import { figureNames } from '../../../../chaos/expect/figures.ts';
import { renderFiguresTable } from '../../../../chaos/expect/figures-table.ts';

describe('renderFiguresTable', () => {
  const table = renderFiguresTable();
  const lines = table.trimEnd().split('\n');

  it('starts with the header and ends with a newline', () => {
    assert.deepEqual(lines.slice(0, 2), ['| figure | unit | labels | windows | what it counts |', '|---|---|---|---|---|']);
    assert.equal(table.endsWith('|\n'), true);
  });

  it('has one row per figure, in registry order', () => {
    const rowNames = lines.slice(2).map((line) => /^\| `([^`]+)` \|/.exec(line)?.[1]);
    assert.deepEqual(rowNames, figureNames());
  });

  it('gives every line five cells (six unescaped pipes)', () => {
    for (const line of lines) assert.equal(line.match(/(?<!\\)\|/g)?.length, 6, line);
  });

  it('renders a windowed figure without labels', () => {
    assert.equal(
      lines.find((line) => line.startsWith('| `requests.lost` ')),
      '| `requests.lost` | count |  | yes | requests that got no complete response: reset, eof, truncated or timeout |',
    );
  });

  it('renders labels with the values they accept', () => {
    assert.equal(
      lines.find((line) => line.startsWith('| `front.lost` ')),
      '| `front.lost` | count | `reason`: worker_died, truncated, timeout, `pool` |  | accepted requests that ended without a complete response, by reason |',
    );
    assert.equal(
      lines.find((line) => line.startsWith('| `served` ')),
      '| `served` | count | `status`: an HTTP status such as 200, or a class such as 5xx | yes | served responses with that status or status class (5xx); all without a label |',
    );
  });

  it('marks a required label and open labels', () => {
    assert.equal(
      lines.find((line) => line.startsWith('| `events` ')),
      '| `events` | count | `type` (required): worker-spawned, worker-ready, worker-exited, worker-startup-failed, worker-unresponsive, worker-killed, worker-orphaned, worker-recycling, worker-draining, worker-idle-expired, failure-counted, pool-stopped, pool-started, rapid-fail-tripped, hook-ran, request-rejected, request-retried, request-lost, request-client-aborted, chaos-injected, chaos-ended, any event field | yes | server events of the type whose other fields equal the other labels (pool, reason, workerId, ...); windows go by event time |',
    );
  });

  it('documents how a window approximates a percentile', () => {
    assert.equal(
      lines.find((line) => line.startsWith('| `latency.p99` ')),
      '| `latency.p99` | ms |  | yes | 99th percentile latency; in a window, the worst per-second p99 |',
    );
  });
});
