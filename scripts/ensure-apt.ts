/**
 * Makes sure Debian tools the benchmarks and tests need are installed. A requirement names a binary
 * and the Debian package that ships it (`wrk`, `nginx`, `promtool=prometheus`). A binary counts as
 * present when it is on PATH or in one of the sbin/bin folders Debian installs to (nginx lives in
 * /usr/sbin, which a non-root PATH often lacks). Missing packages are installed with one
 * `apt-get update` and one `apt-get install -y` when running as root; otherwise the call fails with
 * the exact command to run.
 *
 * CLI: `node scripts/ensure-apt.ts wrk nginx promtool=prometheus` prints each binary's path.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** A binary to look for and the Debian package that installs it. */
export interface AptRequirement {
  readonly binary: string;
  readonly packageName: string;
}

const SYSTEM_BIN_DIRS = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/** Parses `binary` or `binary=package` into a requirement. */
export function parseRequirement(spec: string): AptRequirement {
  const [binary = '', packageName] = spec.split('=', 2);
  if (!/^[A-Za-z0-9._+-]+$/.test(binary) || (packageName !== undefined && !/^[a-z0-9][a-z0-9.+-]+$/.test(packageName))) {
    throw new Error(`ensure-apt: "${spec}" is not a binary name or binary=package`);
  }
  return { binary, packageName: packageName ?? binary };
}

/** Absolute path of an executable named `binary` on PATH or in the usual system folders, else null. */
export function findBinary(binary: string): string | null {
  const pathDirs = (process.env['PATH'] ?? '').split(delimiter).filter((dir) => dir !== '');
  for (const dir of [...pathDirs, ...SYSTEM_BIN_DIRS]) {
    const candidate = join(dir, binary);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this folder
    }
  }
  return null;
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function runAptGet(args: readonly string[]): void {
  console.error(`ensure-apt: apt-get ${args.join(' ')}`);
  const result = spawnSync('apt-get', args, {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.error !== undefined) throw new Error(`ensure-apt: could not run apt-get: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`ensure-apt: apt-get ${args.join(' ')} exited with ${String(result.status ?? result.signal)}`);
}

/**
 * Installs the packages whose binaries are missing and returns binary → absolute path, in the order
 * given. Throws, naming the apt-get command to run, when something is missing and we are not root.
 */
export function ensureAptPackages(requirements: readonly AptRequirement[]): Map<string, string> {
  const missing = requirements.filter((req) => findBinary(req.binary) === null);
  if (missing.length > 0) {
    const packages = [...new Set(missing.map((req) => req.packageName))];
    const command = `apt-get update && apt-get install -y ${packages.join(' ')}`;
    if (!isRoot()) {
      const binaries = missing.map((req) => req.binary).join(', ');
      throw new Error(`ensure-apt: missing ${binaries}; install with: sudo sh -c '${command}'`);
    }
    runAptGet(['update']);
    runAptGet(['install', '-y', '--no-install-recommends', ...packages]);
  }
  const paths = new Map<string, string>();
  for (const req of requirements) {
    const path = findBinary(req.binary);
    if (path === null) throw new Error(`ensure-apt: ${req.binary} is still missing after installing package ${req.packageName}`);
    paths.set(req.binary, path);
  }
  return paths;
}

function main(argv: readonly string[]): number {
  if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) {
    console.log('usage: node scripts/ensure-apt.ts <binary[=package]>...\n  e.g. node scripts/ensure-apt.ts wrk nginx promtool=prometheus');
    return argv.length === 0 ? 2 : 0;
  }
  try {
    for (const [binary, path] of ensureAptPackages(argv.map(parseRequirement))) console.log(`${binary}\t${path}`);
    return 0;
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 1;
  }
}

if (import.meta.main) process.exitCode = main(process.argv.slice(2));
