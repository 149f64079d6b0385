import assert from 'node:assert/strict';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findAccessProblem } from '../../../../server/supervisor/identity-access.ts';

const NOBODY = { uid: 65534, gids: [65534] };

describe('findAccessProblem', () => {
  let root: string;
  let module: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'poolchaos-access-'));
    mkdirSync(join(root, 'app'), { mode: 0o755 });
    module = join(root, 'app', 'hello.ts');
    writeFileSync(module, 'export default () => {};\n', { mode: 0o644 });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  describe('when a folder on the way is 0700 (as mkdtemp makes it)', () => {
    it('names the folder the identity cannot enter, with its mode and owner', () => {
      const owner = `${String(process.getuid?.())}:${String(process.getgid?.())}`;
      assert.equal(
        findAccessProblem([{ path: module, need: 'read' }], NOBODY),
        `cannot enter the folder ${root} (mode 700, owner ${owner})`,
      );
    });
  });

  describe('when every folder lets others through', () => {
    beforeEach(() => chmodSync(root, 0o711));

    it('passes a readable file, and names a file only its owner may read', () => {
      assert.equal(findAccessProblem([{ path: module, need: 'read' }], NOBODY), null);
      chmodSync(module, 0o600);
      assert.match(findAccessProblem([{ path: module, need: 'read' }], NOBODY) ?? '', /^cannot read .*hello\.ts \(mode 600, owner /);
    });

    it('needs the execute bit for an executable and names a missing file', () => {
      assert.match(findAccessProblem([{ path: module, need: 'execute' }], NOBODY) ?? '', /^cannot execute .*hello\.ts \(mode 644, /);
      assert.equal(
        findAccessProblem([{ path: join(root, 'gone.ts'), need: 'read' }], NOBODY),
        `cannot read ${join(root, 'gone.ts')} (ENOENT)`,
      );
    });

    it("reads group bits for a member of the file's group and owner bits for its owner", function () {
      if (process.getuid?.() !== 0) this.skip();
      chownSync(module, 0, 65534);
      chmodSync(module, 0o640);
      assert.equal(findAccessProblem([{ path: module, need: 'read' }], NOBODY), null);
      assert.match(findAccessProblem([{ path: module, need: 'read' }], { uid: 65534, gids: [] }) ?? '', /^cannot read /);
      chownSync(module, 65534, 0);
      chmodSync(module, 0o400);
      assert.equal(findAccessProblem([{ path: module, need: 'read' }], { uid: 65534, gids: [] }), null);
    });
  });

  describe('for uid 0', () => {
    it('passes everything, as the kernel does', () => {
      assert.equal(findAccessProblem([{ path: module, need: 'read' }], { uid: 0, gids: [0] }), null);
    });
  });
});
