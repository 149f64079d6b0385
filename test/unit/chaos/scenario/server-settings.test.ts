import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { serverSettingResolver } from '../../../../chaos/scenario/server-settings.ts';
import { parseConfig } from '../../../../server/index.ts';

const HELLO = fileURLToPath(new URL('../../../../examples/apps/hello.ts', import.meta.url));

describe('serverSettingResolver', () => {
  const config = parseConfig(
    {
      pools: {
        web: { maxProcesses: 2, processModel: { pingInterval: '500ms' }, recycling: { periodicRestart: { privateMemory: '200MB' } } },
      },
      apps: [{ path: '/', pool: 'web', module: HELLO }],
    },
    { file: null, baseDir: '/' },
  );
  const resolve = serverSettingResolver(config);

  describe('when the setting exists', () => {
    it('reads durations in ms, sizes in bytes and plain numbers as counts, defaults included', () => {
      assert.deepEqual(resolve('server.pools.web.processModel.pingInterval'), { value: 500, unit: 'ms' });
      assert.deepEqual(resolve('server.pools.web.processModel.pingResponseTime'), { value: 90_000, unit: 'ms' });
      assert.deepEqual(resolve('server.pools.web.recycling.periodicRestart.privateMemory'), { value: 200 * 1024 * 1024, unit: 'bytes' });
      assert.deepEqual(resolve('server.pools.web.maxProcesses'), { value: 2, unit: 'count' });
      assert.deepEqual(resolve('server.limits.connectionTimeout'), { value: 120_000, unit: 'ms' });
    });
  });

  describe('when the path names nothing numeric', () => {
    it('names the missing pool, key or section, and a setting that is not a number', () => {
      assert.deepEqual(resolve('server.pools.api.maxProcesses'), { problem: 'no pools.api in the server config (known here: web)' });
      assert.deepEqual(resolve('server.pools.web.pingInterval'), { problem: 'no setting pools.web.pingInterval in the server config' });
      assert.deepEqual(resolve('server.pools.web.processModel.pingingEnabled'), {
        problem: 'pools.web.processModel.pingingEnabled is not a duration, size or number (it is true)',
      });
      assert.deepEqual(resolve('server.pools.web.maxProcesses.more'), {
        problem: 'pools.web.maxProcesses is not a section of the server config',
      });
      assert.deepEqual(resolve('server.pools.toString'), { problem: 'no setting pools.toString in the server config' });
    });
  });
});
