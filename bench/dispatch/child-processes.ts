/**
 * Every process the benchmark starts (servers, nginx, wrk) goes through one `ChildProcesses` registry
 * so that all of them die on every way out: normal end, error, SIGINT/SIGTERM, even an uncaught
 * exception (`killAllNow` runs from the `exit` handler). Each child leads its own process group, so
 * killing the group also ends its grandchildren (cluster workers, nginx workers, poolchaos workers).
 * Stop order: SIGTERM to the leader; SIGKILL to the whole group once the leader is gone or the grace
 * period is over, whichever comes first (so leftovers of a leader that exited early die too).
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

const OUTPUT_LINES_KEPT = 200;
const CLOSE_WAIT_MS = 250;

/** How a child ended. */
export interface ChildExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** A started child, its recent output lines (stdout and stderr interleaved) and its end. */
export interface Child {
  readonly name: string;
  readonly process: ChildProcess;
  readonly pid: number;
  /** Last lines written, oldest first, each prefixed by `out| ` or `err| `. */
  readonly recentLines: string[];
  /** Everything written to stdout, when the child was started with `shouldKeepStdout`. */
  stdout: string;
  /** Resolves when the process has exited (never rejects). */
  readonly exited: Promise<ChildExit>;
  /** Resolves when the process has exited and its stdout and stderr are fully read. */
  readonly closed: Promise<void>;
  exit: ChildExit | null;
}

/** Options for `ChildProcesses.start`. */
export interface StartOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Keep all of stdout (for wrk's report), not only the recent lines. */
  readonly shouldKeepStdout?: boolean;
}

function describeExit(exit: ChildExit): string {
  return exit.signal !== null ? `signal ${exit.signal}` : `code ${String(exit.code)}`;
}

/** The child's last output lines, for error messages. */
export function outputTail(child: Child, lineCount = 15): string {
  const lines = child.recentLines.slice(-lineCount);
  return lines.length === 0 ? '(no output)' : lines.map((line) => `    ${line}`).join('\n');
}

/** The registry of started children; see the file comment for the kill contract. */
export class ChildProcesses {
  /** Children not stopped yet, exited or not: an exited leader may have left its group behind. */
  private readonly unstopped = new Set<Child>();
  private readonly lineListeners = new Map<Child, Set<(line: string) => void>>();
  private isShutDown = false;

  /** Spawns `command args` in its own process group with stdout and stderr piped. */
  start(name: string, command: string, args: readonly string[], options: StartOptions = {}): Child {
    if (this.isShutDown) throw new Error(`${name}: not started, the benchmark is shutting down`);
    const proc = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Without a listener a failed spawn (ENOENT, EACCES) would crash the runner instead of failing the target.
    proc.on('error', () => undefined);
    const pid = proc.pid;
    if (pid === undefined) throw new Error(`${name}: could not start ${command} (missing or not executable?)`);
    let resolveExited: (exit: ChildExit) => void = () => undefined;
    const exited = new Promise<ChildExit>((resolve) => (resolveExited = resolve));
    const closed = new Promise<void>((resolve) => proc.once('close', () => resolve()));
    const child: Child = { name, process: proc, pid, recentLines: [], stdout: '', exited, closed, exit: null };
    this.unstopped.add(child);
    this.lineListeners.set(child, new Set());
    this.readLines(child, 'out', options.shouldKeepStdout === true);
    this.readLines(child, 'err', false);
    proc.once('exit', (code, signal) => {
      child.exit = { code, signal };
      resolveExited(child.exit);
    });
    return child;
  }

  private readLines(child: Child, stream: 'out' | 'err', shouldKeepAll: boolean): void {
    const source = stream === 'out' ? child.process.stdout : child.process.stderr;
    if (source === null) return;
    let partial = '';
    source.setEncoding('utf8');
    source.on('data', (chunk: string) => {
      if (shouldKeepAll) child.stdout += chunk;
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) this.recordLine(child, `${stream}| ${line}`);
    });
  }

  private recordLine(child: Child, line: string): void {
    child.recentLines.push(line);
    if (child.recentLines.length > OUTPUT_LINES_KEPT) child.recentLines.shift();
    for (const listener of this.lineListeners.get(child) ?? []) listener(line);
  }

  /**
   * Resolves with one match per pattern once the child's stdout has shown a line matching each
   * (in any order, lines already seen included). Rejects if the child exits first or on timeout.
   */
  waitForLines(child: Child, patterns: readonly RegExp[], timeoutMs: number): Promise<RegExpMatchArray[]> {
    const matches: (RegExpMatchArray | null)[] = patterns.map(() => null);
    const tryLine = (line: string): boolean => {
      if (!line.startsWith('out| ')) return false;
      patterns.forEach((pattern, i) => {
        matches[i] ??= pattern.exec(line.slice(5));
      });
      return matches.every((match) => match !== null);
    };
    return new Promise((resolve, reject) => {
      const listeners = this.lineListeners.get(child);
      const finish = (error: Error | null): void => {
        clearTimeout(timer);
        listeners?.delete(onLine);
        if (error === null) resolve(matches.filter((match) => match !== null));
        else reject(error);
      };
      const onLine = (line: string): void => {
        if (tryLine(line)) finish(null);
      };
      const timer = setTimeout(() => {
        const wanted = patterns.filter((_, i) => matches[i] === null).join(', ');
        finish(new Error(`${child.name}: no line matching ${wanted} within ${String(timeoutMs)} ms; last output:\n${outputTail(child)}`));
      }, timeoutMs);
      if (child.recentLines.some(tryLine)) return finish(null);
      listeners?.add(onLine);
      // Output may still be in the pipe at exit; wait briefly for it (grandchildren can hold it open).
      void child.exited.then(async (exit) => {
        await Promise.race([child.closed, sleep(CLOSE_WAIT_MS)]);
        finish(new Error(`${child.name} exited (${describeExit(exit)}) before it was ready; last output:\n${outputTail(child)}`));
      });
    });
  }

  /** SIGTERM to the leader, SIGKILL to its group after `graceMs`; resolves when the leader is gone. */
  async stop(child: Child, graceMs = 5_000): Promise<ChildExit> {
    if (child.exit === null) signalGroup(child.pid, 'SIGTERM', false);
    const timer = setTimeout(() => signalGroup(child.pid, 'SIGKILL', true), graceMs);
    const exit = await child.exited;
    clearTimeout(timer);
    // Grandchildren the leader left behind (it may have died before reaping them).
    signalGroup(child.pid, 'SIGKILL', true);
    this.unstopped.delete(child);
    this.lineListeners.delete(child);
    return exit;
  }

  /** Process group id → name of every child not stopped yet whose leader still runs. */
  runningGroups(): Map<number, string> {
    return new Map([...this.unstopped].filter((child) => child.exit === null).map((child) => [child.pid, child.name]));
  }

  /** Stops every child not stopped yet, in parallel. */
  async stopAll(graceMs = 5_000): Promise<void> {
    await Promise.all([...this.unstopped].map((child) => this.stop(child, graceMs)));
  }

  /** Stops every child and refuses to start new ones (on SIGINT/SIGTERM). */
  async shutDown(graceMs: number): Promise<void> {
    this.isShutDown = true;
    await this.stopAll(graceMs);
  }

  /** Synchronous last resort for `process.on('exit')`: SIGKILL every unstopped group now. */
  killAllNow(): void {
    for (const child of this.unstopped) signalGroup(child.pid, 'SIGKILL', true);
  }
}

/** Signals the leader (`isGroup` false) or its whole process group; a vanished target is fine. */
function signalGroup(pid: number, signal: NodeJS.Signals, isGroup: boolean): void {
  try {
    process.kill(isGroup ? -pid : pid, signal);
  } catch {
    // ESRCH: already gone.
  }
}
