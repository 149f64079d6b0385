import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { IPC_PROTOCOL_VERSION, WORKER_BOOT_ENV, type StartupFault, type WorkerBoot } from '../ipc/protocol.ts';
import type { WorkerProcess } from './worker-handle.ts';

/** Everything needed to start one worker process. */
export interface SpawnRequest {
  readonly pool: string;
  readonly workerId: number;
  readonly socketPath: string;
  readonly apps: WorkerBoot['apps'];
  readonly isChaosEnabled: boolean;
  /** A startup fault for this worker to act out, or null. */
  readonly startupFault: StartupFault | null;
  readonly isTracingEnabled: boolean;
  readonly environmentVariables: Readonly<Record<string, string>>;
  /** Numeric ids to run as, or null to keep the server's. */
  readonly uid: number | null;
  readonly gid: number | null;
}

/** Starts a worker process; injected so that supervisor tests can use fakes. */
export type SpawnWorker = (request: SpawnRequest) => WorkerProcess;

/** Path of the worker entry point. */
export const WORKER_MAIN_PATH = fileURLToPath(new URL('../worker/worker-main.ts', import.meta.url));

/** The real spawner: `child_process.fork` of the worker entry with its boot settings in the environment. */
export function forkWorker(request: SpawnRequest): WorkerProcess {
  const boot: WorkerBoot = {
    protocolVersion: IPC_PROTOCOL_VERSION,
    pool: request.pool,
    workerId: request.workerId,
    socketPath: request.socketPath,
    apps: request.apps,
    isChaosEnabled: request.isChaosEnabled,
    startupFault: request.startupFault,
    isTracingEnabled: request.isTracingEnabled,
  };
  const child = fork(WORKER_MAIN_PATH, [], {
    env: { ...process.env, ...request.environmentVariables, [WORKER_BOOT_ENV]: JSON.stringify(boot) },
    // Workers must not inherit the front's debugger or loader flags.
    execArgv: [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    ...(request.uid === null ? {} : { uid: request.uid }),
    ...(request.gid === null ? {} : { gid: request.gid }),
  });
  return child as WorkerProcess;
}
