import { spawn } from 'node:child_process';

/** The outcome of running an IIS-style hook (orphanActionExe, autoShutdownExe). */
export interface HookResult {
  readonly command: string;
  readonly args: readonly string[];
  readonly exitCode: number | null;
  readonly error: string | null;
}

/** Runs a hook and reports when it ends; injected so that tests can observe calls. */
export type RunHook = (command: string, args: readonly string[]) => Promise<HookResult>;

/** Splits IIS-style params on whitespace and replaces `%1%` with `pid` (orphanActionParams). */
export function expandHookParams(params: string, pid: number | null): string[] {
  return params
    .split(/\s+/)
    .filter((part) => part !== '')
    .map((part) => (pid === null ? part : part.replaceAll('%1%', String(pid))));
}

/** How long a hook may run before it is killed. */
export const HOOK_TIME_LIMIT_MS = 60_000;

/** The real hook runner: spawns the command detached from the server's stdio. */
export const runHook: RunHook = (command, args) =>
  new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'ignore', timeout: HOOK_TIME_LIMIT_MS });
    child.once('error', (error) => resolve({ command, args, exitCode: null, error: error.message }));
    child.once('exit', (code) => resolve({ command, args, exitCode: code, error: null }));
  });
