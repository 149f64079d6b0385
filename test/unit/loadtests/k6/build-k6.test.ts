import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  checkK6Version,
  compareGoVersions,
  isUpToDate,
  parseGoVersion,
  readGoDirective,
  readK6Version,
  readModulePath,
} from '../../../../loadtests/k6/build-k6.ts';

const read = (path: string): string => readFileSync(fileURLToPath(new URL(`../../../../loadtests/k6/${path}`, import.meta.url)), 'utf8');

describe('build-k6 (npm run k6:build)', () => {
  it('reads the committed build module: go directive, k6 version, and the extension next to it', () => {
    const buildMod = read('build/go.mod');
    assert.deepEqual(readGoDirective(buildMod), [1, 25, 0]);
    assert.equal(readK6Version(buildMod), 'v2.2.0');
    assert.equal(readModulePath(buildMod), 'github.com/poolchaos/poolchaos/loadtests/k6/build');
    assert.match(buildMod, /^replace github\.com\/poolchaos\/xk6-poolchaos => \.\.\/xk6-poolchaos$/m);
    assert.equal(readModulePath(read('xk6-poolchaos/go.mod')), 'github.com/poolchaos/xk6-poolchaos');
  });

  it('reads go versions, compares them and checks k6 version output', () => {
    assert.deepEqual(parseGoVersion('go version go1.26.8 linux/amd64'), [1, 26, 8]);
    assert.deepEqual(parseGoVersion('go version go1.26rc1 linux/amd64'), [1, 26, 0]);
    assert.equal(parseGoVersion('not go'), null);
    assert.equal(compareGoVersions([1, 25, 0], [1, 26, 8]) < 0, true);
    const output = 'k6 v2.2.0 (go1.26.8, linux/amd64)\nExtensions:\n  github.com/poolchaos/xk6-poolchaos (devel), k6/x/poolchaos [js]';
    assert.deepEqual(checkK6Version(output, 'v2.2.0', 'github.com/poolchaos/xk6-poolchaos'), []);
    assert.deepEqual(checkK6Version('k6 v2.1.0', 'v2.2.0', 'github.com/poolchaos/xk6-poolchaos'), [
      'it does not name k6 v2.2.0',
      'it does not list the extension github.com/poolchaos/xk6-poolchaos',
    ]);
  });

  it('skips a build only when bin/k6 is newer than every input', () => {
    assert.equal(isUpToDate(null, [1]), false);
    assert.equal(isUpToDate(10, [1, 9]), true);
    assert.equal(isUpToDate(10, [1, 10]), false);
  });
});
