/**
 * A server the harness starts for a scenario: `poolchaos serve` in a child process of its own, with
 * the scenario's config written to a temp file. Resolves once both listening lines are printed; stop()
 * sends SIGTERM (graceful drain) and SIGKILLs the process if it outlives the grace period.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';

const BIN_PATH = fileURLToPath(new URL('../../bin/poolchaos.js', import.meta.url));
const FRONT_LINE = /front listening on (http:\/\/\S+)/;
const ADMIN_LINE = /admin listening on (http:\/\/\S+)/;
/** How long `serve` may take to print where it listens. */
export const SERVER_START_TIMEOUT_MS = 20_000;
/** How long a stopping server may drain before it is killed. */
export const SERVER_STOP_GRACE_MS = 15_000;
const KEPT_OUTPUT_LINES = 40;

export interface ServerProcess {
  readonly frontUrl: string;
  readonly adminUrl: string;
  readonly pid: number;
  /** The last lines the server printed (its log, for error reports). */
  recentOutput(): string;
  /** Stops the server; resolves once the process has exited. */
  stop(): Promise<void>;
}

/** Starts `poolchaos serve` with `serverConfig` (module paths resolved against `baseDir`). */
export async function startServerProcess(serverConfig: Readonly<Record<string, unknown>>, baseDir: string): Promise<ServerProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'poolchaos-run-'));
  const configPath = join(dir, 'server.yaml');
  writeFileSync(configPath, stringify(withAbsoluteModules(serverConfig, baseDir)));
  const child = spawn(process.execPath, [BIN_PATH, 'serve', '--config', configPath], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const [frontUrl, adminUrl] = await waitForListening(child, lines);
    return {
      frontUrl,
      adminUrl,
      pid: child.pid ?? -1,
      recentOutput: () => lines.join('\n'),
      stop: async () => {
        await stopChild(child, exited);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await stopChild(child, exited);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

function withAbsoluteModules(config: Readonly<Record<string, unknown>>, baseDir: string): Record<string, unknown> {
  const apps = Array.isArray(config['apps']) ? (config['apps'] as Record<string, unknown>[]) : [];
  return {
    ...config,
    apps: apps.map((app) => (typeof app['module'] === 'string' ? { ...app, module: resolve(baseDir, app['module']) } : app)),
  };
}

function waitForListening(child: ChildProcess, lines: string[]): Promise<[string, string]> {
  return new Promise((resolve, reject) => {
    let frontUrl: string | null = null;
    let adminUrl: string | null = null;
    const timer = setTimeout(
      () => reject(new Error(`the server did not start within ${String(SERVER_START_TIMEOUT_MS)}ms:\n${lines.join('\n')}`)),
      SERVER_START_TIMEOUT_MS,
    );
    const onText = (chunk: Buffer): void => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line === '') continue;
        lines.push(line);
        if (lines.length > KEPT_OUTPUT_LINES) lines.shift();
        frontUrl ??= FRONT_LINE.exec(line)?.[1] ?? null;
        adminUrl ??= ADMIN_LINE.exec(line)?.[1] ?? null;
      }
      if (frontUrl !== null && adminUrl !== null) {
        clearTimeout(timer);
        resolve([frontUrl, adminUrl]);
      }
    };
    child.stdout?.on('data', onText);
    child.stderr?.on('data', onText);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the server exited while starting (code ${String(code)}, signal ${String(signal)}):\n${lines.join('\n')}`));
    });
  });
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), SERVER_STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}
