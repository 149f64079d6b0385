import assert from 'node:assert/strict';
import { renderJsonScriptBlock, scriptSafeJson } from '../../../../reports/html/json-script-block.ts';

describe('JSON script block', () => {
  const hostile = { text: '</script><script>alert(1)</script> <!-- & --> \u2028\u2029', lone: '\ud800' };

  it('writes <, >, &, U+2028 and U+2029 as \\u escapes, so the block cannot be closed or commented', () => {
    assert.equal(
      scriptSafeJson(hostile),
      String.raw`{"text":"\u003c/script\u003e\u003cscript\u003ealert(1)\u003c/script\u003e \u003c!-- \u0026 --\u003e \u2028\u2029","lone":"\ud800"}`,
    );
  });

  it('parses back to the same value', () => {
    assert.deepEqual(JSON.parse(scriptSafeJson(hostile)), hostile);
  });

  it('renders a data block with the id, and refuses an id that is not plain', () => {
    assert.equal(
      renderJsonScriptBlock('chart-data', { a: [1, null] }),
      '<script type="application/json" id="chart-data">{"a":[1,null]}</script>',
    );
    assert.throws(() => renderJsonScriptBlock('x" onload="y', {}), /is not a plain id/);
  });
});
