import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { checkPromiseScripts } from '../../../../loadtests/k6/generate-promise-scripts.ts';
import { listK6Promises, renderPromiseScripts } from '../../../../loadtests/k6/promise-scripts.ts';

describe('the committed k6 promise scripts', () => {
  it('are exactly what npm run k6:generate renders from the suite, byte for byte, with no orphan', async function () {
    const promises = await listK6Promises();
    assert.deepEqual(
      promises.map((promise) => [promise.source, promise.script]),
      ['busy-loop', 'crash-loop', 'crash-storm', 'deadlock', 'freeze', 'memory-leak', 'queue-full'].map((name) => [
        `chaos/scenarios/${name}.yaml`,
        `loadtests/k6/promises/${name}.js`,
      ]),
    );
    for (const file of renderPromiseScripts(promises))
      assert.equal(readFileSync(file.path, 'utf8'), file.text, `${file.label} is stale: run npm run k6:generate`);
    assert.deepEqual(await checkPromiseScripts(), []);
  });

  it('render the same text on every run', async function () {
    const promises = await listK6Promises();
    assert.deepEqual(renderPromiseScripts(promises), renderPromiseScripts(promises));
  });
});
