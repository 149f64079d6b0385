/**
 * Builds `bin/k6`: k6 v2 with the poolchaos extension (`loadtests/k6/xk6-poolchaos`, `k6/x/poolchaos`)
 * compiled in, from the committed Go build module `loadtests/k6/build`. Its `main.go` is the program xk6
 * would generate (k6's `cmd.Execute()` plus a blank import of the extension); its `go.mod` requires
 * the k6 version and replaces the extension with its folder; its `go.sum` pins every module.
 *
 * Why not xk6: `xk6 build` makes a fresh module in a temp dir on every run (`go mod init`, `go mod
 * edit -require/-replace`, `go mod tidy`), so the dependency set is resolved again each time and its
 * go.sum is never committed or reviewed; it also refuses to start without git on PATH (k6foundry
 * checks for it) although nothing is cloned. The committed module builds the same program with the
 * reviewed go.sum, `-mod=readonly` makes a build that would change go.mod/go.sum fail instead, and
 * it needs only `go` and the Go module proxy (no git: `-buildvcs=false`). Bumping k6 is
 * `go get go.k6.io/k6/v2@vX.Y.Z && go mod tidy` in loadtests/k6/build, reviewed like any change.
 *
 * The build is skipped when bin/k6 is newer than every input (go.mod, go.sum and the non-test .go
 * files of loadtests/k6/build and of the extension) unless `--force`; either way `bin/k6 version` must
 * name the required k6 version and list the extension.
 *
 * CLI: `npm run k6:build [-- --force]`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BUILD_DIR = join(REPO_DIR, 'loadtests', 'k6', 'build');
const EXTENSION_DIR = join(REPO_DIR, 'loadtests', 'k6', 'xk6-poolchaos');
const OUTPUT = join(REPO_DIR, 'bin', 'k6');

/** Lines of go's output shown when the build fails. */
const FAILURE_TAIL_LINES = 30;

/** The environment of every go and k6 call: one proxy URL, no module changes, no cgo, k6 offline. */
export const BUILD_ENV: Readonly<Record<string, string>> = {
  GOPROXY: 'https://proxy.golang.org',
  GOFLAGS: '-mod=readonly',
  // The go found is the go used: no toolchain download behind the version check's back.
  GOTOOLCHAIN: 'local',
  CGO_ENABLED: '0',
  K6_AUTO_EXTENSION_RESOLUTION: 'false',
  K6_NO_USAGE_REPORT: 'true',
};

/** A Go version as [major, minor, patch]. */
export type GoVersion = readonly [number, number, number];

/** Reads `go version` output (`go version go1.26.8 linux/amd64`, `go1.26rc1`); null when unrecognised. */
export function parseGoVersion(output: string): GoVersion | null {
  const match = /\bgo(\d+)\.(\d+)(?:\.(\d+))?/.exec(output);
  if (match === null) return null;
  return [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
}

/** The `go` directive of a go.mod (`go 1.25.0`). */
export function readGoDirective(goMod: string): GoVersion | null {
  const match = /^go (\d+)\.(\d+)(?:\.(\d+))?\s*$/m.exec(goMod);
  return match === null ? null : [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
}

/** The k6 version the build module requires (`go.k6.io/k6/v2 v2.2.0`). */
export function readK6Version(goMod: string): string | null {
  return /^\s*(?:require\s+)?go\.k6\.io\/k6\/v\d+ (v[0-9][^\s]*)/m.exec(goMod)?.[1] ?? null;
}

/** The `module` path of a go.mod. */
export function readModulePath(goMod: string): string | null {
  return /^module (\S+)\s*$/m.exec(goMod)?.[1] ?? null;
}

/** Negative, zero or positive as a is older, equal or newer than b. */
export function compareGoVersions(a: GoVersion, b: GoVersion): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

export function formatGoVersion(version: GoVersion): string {
  return version.join('.');
}

/** What is wrong with `k6 version` output: it must name k6Version and list the extension module. */
export function checkK6Version(output: string, k6Version: string, extensionModule: string): string[] {
  const problems: string[] = [];
  if (!new RegExp(`^k6 ${k6Version.replaceAll('.', '\\.')}\\b`, 'm').test(output)) problems.push(`it does not name k6 ${k6Version}`);
  if (!output.split('\n').some((line) => line.trim().startsWith(`${extensionModule} `))) {
    problems.push(`it does not list the extension ${extensionModule}`);
  }
  return problems;
}

/** True when the output exists and is newer than every input (mtimes in ms; null = output missing). */
export function isUpToDate(outputMtimeMs: number | null, inputMtimesMs: readonly number[]): boolean {
  return outputMtimeMs !== null && inputMtimesMs.every((mtimeMs) => mtimeMs < outputMtimeMs);
}

/** The last `count` non-empty lines of text. */
export function lastLines(text: string, count: number): string {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .slice(-count)
    .join('\n');
}

/** go.mod, go.sum and every non-test .go file under dir (test files do not change the binary). */
function listInputs(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const isGoSource = entry.name.endsWith('.go') && !entry.name.endsWith('_test.go');
    if (isGoSource || entry.name === 'go.mod' || entry.name === 'go.sum') files.push(join(entry.parentPath, entry.name));
  }
  return files;
}

function mtimeMsOrNull(path: string): number | null {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return null;
  }
}

function goEnv(): NodeJS.ProcessEnv {
  return { ...process.env, ...BUILD_ENV };
}

/** Checks that go exists and is at least the build module's go directive; returns its version. */
function checkGo(required: GoVersion): GoVersion {
  const result = spawnSync('go', ['version'], { encoding: 'utf8', env: goEnv() });
  if (result.error !== undefined) {
    throw new Error(
      `k6:build: cannot run go (${result.error.message}); install Go ${formatGoVersion(required)} or newer from https://go.dev/dl/ and put it on PATH`,
    );
  }
  const version = parseGoVersion(result.stdout);
  if (result.status !== 0 || version === null) {
    throw new Error(`k6:build: \`go version\` failed or printed no version: ${lastLines(result.stdout + result.stderr, 5)}`);
  }
  if (compareGoVersions(version, required) < 0) {
    throw new Error(
      `k6:build: go ${formatGoVersion(version)} is older than the ${formatGoVersion(required)} loadtests/k6/build/go.mod needs; install a newer Go from https://go.dev/dl/`,
    );
  }
  return version;
}

/** Runs go build, passing its output through; throws with the last lines of it on failure. */
async function goBuild(): Promise<void> {
  const args = ['build', '-trimpath', '-buildvcs=false', '-ldflags=-s -w', '-o', OUTPUT, '.'];
  console.log(`k6:build: go ${args.join(' ')}   (in loadtests/k6/build; the first build downloads the modules in go.sum)`);
  const child = spawn('go', args, { cwd: BUILD_DIR, env: goEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const relay = (chunk: Buffer): void => {
    output += chunk.toString('utf8');
    process.stdout.write(chunk);
  };
  child.stdout.on('data', relay);
  child.stderr.on('data', relay);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (code !== 0) {
    throw new Error(
      `k6:build: go build failed (exit ${String(code)}); last lines of its output:\n${lastLines(output, FAILURE_TAIL_LINES)}`,
    );
  }
}

/** Runs `bin/k6 version` and checks it; returns its output. */
function verifyBinary(k6Version: string, extensionModule: string): string {
  const result = spawnSync(OUTPUT, ['version'], { encoding: 'utf8', env: goEnv() });
  const output = `${result.stdout}${result.stderr}`.trim();
  if (result.error !== undefined || result.status !== 0) {
    throw new Error(`k6:build: bin/k6 version failed: ${result.error?.message ?? lastLines(output, 10)}`);
  }
  const problems = checkK6Version(output, k6Version, extensionModule);
  if (problems.length > 0) {
    throw new Error(`k6:build: bin/k6 version printed:\n${output}\nbut ${problems.join(' and ')}; rebuild with --force`);
  }
  return output;
}

async function main(argv: readonly string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h') || argv.some((arg) => arg !== '--force')) {
    console.log('usage: npm run k6:build [-- --force]\n  builds bin/k6 (k6 + k6/x/poolchaos) from loadtests/k6/build');
    return argv.includes('--help') || argv.includes('-h') ? 0 : 2;
  }
  try {
    const buildMod = readFileSync(join(BUILD_DIR, 'go.mod'), 'utf8');
    const required = readGoDirective(buildMod);
    const k6Version = readK6Version(buildMod);
    const extensionModule = readModulePath(readFileSync(join(EXTENSION_DIR, 'go.mod'), 'utf8'));
    if (required === null || k6Version === null || extensionModule === null) {
      throw new Error(
        'k6:build: loadtests/k6/build/go.mod needs a go directive and a go.k6.io/k6/v2 requirement, and the extension a module line',
      );
    }
    const goVersion = checkGo(required);
    console.log(
      `k6:build: go ${formatGoVersion(goVersion)} (loadtests/k6/build needs ${formatGoVersion(required)}); k6 ${k6Version} + ${extensionModule}`,
    );
    const inputs = [...listInputs(BUILD_DIR), ...listInputs(EXTENSION_DIR)];
    if (
      !argv.includes('--force') &&
      isUpToDate(
        mtimeMsOrNull(OUTPUT),
        inputs.map((path) => statSync(path).mtimeMs),
      )
    ) {
      console.log(`k6:build: ${relative(REPO_DIR, OUTPUT)} is newer than its ${inputs.length} inputs; not rebuilt (--force to rebuild)`);
    } else {
      const startedAtMs = Date.now();
      await goBuild();
      console.log(`k6:build: built ${relative(REPO_DIR, OUTPUT)} in ${((Date.now() - startedAtMs) / 1000).toFixed(1)} s`);
    }
    console.log(verifyBinary(k6Version, extensionModule));
    return 0;
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 1;
  }
}

if (import.meta.main) process.exitCode = await main(process.argv.slice(2));
