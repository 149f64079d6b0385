import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertTraversable } from '../../../../bench/dispatch/target-nginx.ts';

describe('assertTraversable', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'poolchaos-traverse-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  describe('when a folder on the way is 0700, as mkdtemp makes it', () => {
    it('names that folder and its mode', () => {
      const sockets = join(root, 'round-1', 'nginx');
      mkdirSync(sockets, { recursive: true, mode: 0o755 });
      assert.throws(() => assertTraversable(sockets), {
        message: `${root} is not searchable by other users (mode 700): nginx's workers could not reach the sockets under it`,
      });
    });
  });

  describe('when every folder lets others through', () => {
    it('returns', () => {
      chmodSync(root, 0o711);
      const sockets = join(root, 'round-1', 'nginx');
      mkdirSync(sockets, { recursive: true, mode: 0o755 });
      assert.doesNotThrow(() => assertTraversable(sockets));
    });
  });
});
