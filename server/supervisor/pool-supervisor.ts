/**
 * The supervisor of one pool (WAS for one application pool): it starts workers on demand or at once,
 * pings them, replaces crashed, hung and deadlocked ones, recycles them with overlap, drains them on
 * the way out, and stops the pool when rapid-fail protection trips. Every decision comes from a pure
 * policy and is announced as an event; this class only carries the decisions out.
 *
 * Invariants: a worker is in `workers` from spawn until its process has exited. At most one periodic
 * recycle is in progress per pool, so a garden never recycles all at once. Only `ready` workers get
 * requests (the dispatcher checks `isDispatchable`).
 */
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import type { PoolSettings } from '../config/settings.ts';
import type { EventBus, ServerEventType, ServerEvents, SpawnReason } from '../events.ts';
import type { FrontLink, PoolControl } from '../pool/pool-link.ts';
import type { DispatchableWorker } from '../pool/worker-load.ts';
import { performance } from 'node:perf_hooks';
import { isWorkerMessage, type MetricsMessage, type StartupFault, type WorkerMessage } from '../ipc/protocol.ts';
import { assessWorker } from './health-policy.ts';
import { decideSpawnCount, isIdleExpired } from './demand-policy.ts';
import { countRecentFailures, recordFailure } from './rapid-fail-policy.ts';
import { decideRecycle, isScheduleDue, pickJitterFraction } from './recycle-policy.ts';
import {
  RESTART_REASONS,
  countsTowardRapidFail,
  type FailureReason,
  type PoolState,
  type PoolStopReason,
  type RecycleReason,
  type RestartReason,
} from '../pool/reasons.ts';
import { expandHookParams, type RunHook } from './run-hook.ts';
import type { SpawnWorker } from './spawn-worker.ts';
import { WorkerHandle } from './worker-handle.ts';
import { canTransition, type WorkerState } from './worker-state.ts';

export interface PoolSupervisorOptions {
  readonly settings: PoolSettings;
  readonly apps: readonly { readonly path: string; readonly module: string }[];
  readonly isChaosEnabled: boolean;
  /** Workers trace sampled requests (the front traces too). */
  readonly isTracingEnabled?: boolean;
  readonly front: FrontLink;
  readonly events: EventBus;
  readonly spawn: SpawnWorker;
  readonly runHook: RunHook;
  readonly now: () => number;
  readonly random: () => number;
  /** Folder for this pool's worker sockets. */
  readonly socketDir: string;
  readonly uid: number | null;
  readonly gid: number | null;
  /** Called with each answered ping's round trip in seconds (measured with performance.now). */
  readonly onPingAnswered?: (durationS: number) => void;
}

/** One worker's answer to a metrics collection, or null when it did not answer in time. */
export interface WorkerCollection {
  readonly worker: WorkerHandle;
  readonly figures: MetricsMessage | null;
}

export class PoolSupervisor implements PoolControl {
  readonly settings: PoolSettings;
  readonly workers: WorkerHandle[] = [];
  state: PoolState = 'Stopped';
  stopReason: PoolStopReason | null = 'Admin';
  readonly restarts = Object.fromEntries(RESTART_REASONS.map((reason) => [reason, 0])) as Record<RestartReason, number>;
  rapidFailTrips = 0;

  readonly #options: PoolSupervisorOptions;
  #failureTimesMs: readonly number[] = [];
  #nextWorkerId = 1;
  #lastScheduleCheckMs: number;
  readonly #scheduledRecycles = new Set<WorkerHandle>();
  readonly #exitWaiters = new Set<() => void>();
  /** Startup faults the next spawned workers act out, first in first out (chaos only). */
  readonly #startupFaults: StartupFault[] = [];

  constructor(options: PoolSupervisorOptions) {
    this.#options = options;
    this.settings = options.settings;
    this.#lastScheduleCheckMs = options.now();
  }

  get name(): string {
    return this.settings.name;
  }

  get failuresInWindow(): number {
    return countRecentFailures(this.#failureTimesMs, this.#options.now(), this.settings.failure.rapidFailProtectionIntervalMs);
  }

  /** Starts the pool (server start, or an admin start that clears rapid-fail). */
  start(reason: 'server_started' | 'admin'): void {
    if (this.state === 'Started') return;
    this.state = 'Started';
    this.stopReason = null;
    this.#failureTimesMs = [];
    this.#emit('pool-started', { reason });
    this.#ensureWorkers(false, 'AlwaysRunning');
  }

  /** Stops the pool: queued requests get 503, workers drain, nothing new starts until {@link start}. */
  stop(reason: PoolStopReason): void {
    if (this.state === 'Stopped') return;
    this.state = 'Stopped';
    this.stopReason = reason;
    this.#emit('pool-stopped', { reason });
    this.#options.front.rejectQueued(reason === 'RapidFail' ? 'AppOffline' : 'Disabled');
    for (const worker of [...this.workers]) {
      if (worker.exitIntent !== 'none' || worker.state === 'orphaned') continue;
      if (reason === 'Admin') this.restarts.manual++;
      if (worker.state === 'starting') this.#kill(worker, 'pool_stopped');
      else this.#beginDrain(worker, 'pool_stopped');
    }
  }

  /** Hands `fault` to each of the next `count` workers this pool spawns (the slow-start and crash-loop faults). */
  addStartupFaults(fault: StartupFault, count: number): void {
    for (let i = 0; i < count; i++) this.#startupFaults.push(fault);
  }

  /** Recycles every ready worker now, overlapped unless disallowed (an admin recycle: reason OnDemand). */
  recycleAll(reason: RecycleReason): void {
    for (const worker of [...this.workers]) {
      if (worker.state === 'ready' && worker.recycleReason === null) this.#beginRecycle(worker, reason);
    }
  }

  onRequestArrived(): void {
    // Cheap test first: this runs for every request.
    if (this.workers.length < this.settings.maxProcesses) this.#ensureWorkers(true, 'demand');
  }

  onWorkerIdle(worker: DispatchableWorker): void {
    const handle = this.workers.find((candidate) => candidate === worker);
    if (handle?.state === 'draining' && handle.exitIntent === 'drain') this.#sendDrain(handle);
  }

  /** Periodic checks: health, recycling, idle shutdown, demand and request timeouts. */
  tick(): void {
    const nowMs = this.#options.now();
    for (const worker of [...this.workers]) this.#checkHealth(worker, nowMs);
    if (this.state === 'Started') {
      this.#checkRecycling(nowMs);
      this.#checkIdle(nowMs);
      this.#ensureWorkers(false, this.settings.startMode === 'AlwaysRunning' ? 'AlwaysRunning' : 'demand');
    }
    this.#options.front.sweepTimeouts(nowMs);
  }

  /** Drains every worker (killing any that outlive shutdownTimeLimit) and resolves when all have exited. */
  /** Collects every live worker's metric figures over IPC (in parallel, each bounded by `timeoutMs`). */
  collectFigures(timeoutMs: number): Promise<WorkerCollection[]> {
    return Promise.all(this.workers.map(async (worker) => ({ worker, figures: await worker.collect(timeoutMs) })));
  }

  async shutdown(): Promise<void> {
    this.state = 'Stopped';
    this.stopReason = 'Admin';
    for (const worker of [...this.workers]) {
      if (worker.state === 'orphaned' || worker.state === 'starting') this.#kill(worker, 'server_stopped');
      else if (worker.exitIntent === 'none') this.#beginDrain(worker, 'server_stopped');
    }
    while (this.workers.length > 0) {
      await new Promise<void>((resolve) => this.#exitWaiters.add(resolve));
    }
  }

  /** Kills every worker at once (last resort when the server must exit now). */
  killAll(): void {
    for (const worker of this.workers) worker.process.kill('SIGKILL');
  }

  #checkHealth(worker: WorkerHandle, nowMs: number): void {
    if (worker.exitIntent === 'kill' || worker.state === 'orphaned' || worker.state === 'unresponsive') return;
    const verdict = assessWorker(worker, this.settings, nowMs);
    switch (verdict.kind) {
      case 'healthy':
        return;
      case 'send-ping':
        worker.pingSeq++;
        worker.pingSentAtMs = nowMs;
        worker.pingSentAtPerfMs = performance.now();
        worker.lastPingAtMs = nowMs;
        worker.process.send({ type: 'ping', seq: worker.pingSeq });
        return;
      case 'startup_timeout':
        this.restarts.startup_timeout++;
        this.#kill(worker, 'startup_timeout');
        this.#countFailure(worker, 'startup_timeout');
        // Replace it now, as for the other failures, so the replacement carries the reason.
        if (this.state === 'Started') this.#ensureWorkers(false, 'startup_timeout');
        return;
      case 'ping_timeout':
      case 'deadlock':
        this.#replaceUnhealthy(worker, verdict.kind, verdict.waitedMs);
        return;
      case 'shutdown_timeout':
        this.#kill(worker, 'shutdown_timeout');
        return;
    }
  }

  #checkRecycling(nowMs: number): void {
    const { periodicRestart } = this.settings.recycling;
    if (isScheduleDue(periodicRestart.schedule, this.#lastScheduleCheckMs, nowMs)) {
      for (const worker of this.workers) if (worker.state === 'ready') this.#scheduledRecycles.add(worker);
    }
    this.#lastScheduleCheckMs = nowMs;
    // A recycle whose replacement failed to start is retried; otherwise one recycle at a time.
    for (const worker of this.workers) {
      if (worker.recycleReason === null || worker.state !== 'ready') continue;
      if (worker.replacement === null && !this.settings.recycling.disallowOverlappingRotation) {
        this.#startReplacement(worker, worker.recycleReason);
      }
      return;
    }
    if (this.workers.some((worker) => worker.state === 'starting' || worker.isHoldingSlot)) return;
    for (const worker of this.workers) {
      if (worker.state !== 'ready') continue;
      const reason = this.#scheduledRecycles.has(worker) ? 'Schedule' : decideRecycle(toRecycleFacts(worker), periodicRestart, nowMs);
      if (reason !== null) {
        this.#beginRecycle(worker, reason);
        return;
      }
    }
  }

  #checkIdle(nowMs: number): void {
    if (this.#options.front.queuedRequests > 0) return;
    const { startMode, processModel } = this.settings;
    for (const worker of [...this.workers]) {
      if (worker.state !== 'ready' || worker.recycleReason !== null) continue;
      if (isIdleExpired(startMode, processModel.idleTimeoutMs, worker.outstandingRequests, worker.lastActivityAtMs, nowMs)) {
        this.#emitWorker('worker-idle-expired', worker, { idleMs: nowMs - worker.lastActivityAtMs });
        this.#beginDrain(worker, 'idle');
      }
    }
  }

  #ensureWorkers(hasNewRequest: boolean, reason: SpawnReason): void {
    let activeWorkers = 0;
    let heldSlots = 0;
    for (const worker of this.workers) {
      if ((worker.state === 'starting' || worker.state === 'ready') && worker.exitIntent === 'none') activeWorkers++;
      if (worker.isHoldingSlot) heldSlots++;
    }
    const count = decideSpawnCount({
      startMode: this.settings.startMode,
      maxProcesses: this.settings.maxProcesses,
      isStarted: this.state === 'Started',
      activeWorkers,
      heldSlots,
      queuedRequests: this.#options.front.queuedRequests,
      hasNewRequest,
    });
    for (let i = 0; i < count; i++) this.#spawn(reason);
  }

  #spawn(reason: SpawnReason): WorkerHandle {
    const options = this.#options;
    const id = this.#nextWorkerId++;
    const socketPath = join(options.socketDir, `w${id}.sock`);
    const child = options.spawn({
      pool: this.name,
      workerId: id,
      socketPath,
      apps: options.apps,
      isChaosEnabled: options.isChaosEnabled,
      startupFault: this.#startupFaults.shift() ?? null,
      isTracingEnabled: options.isTracingEnabled ?? false,
      environmentVariables: this.settings.environmentVariables,
      uid: options.uid,
      gid: options.gid,
    });
    const worker = new WorkerHandle({
      id,
      pool: this.name,
      process: child,
      socketPath,
      startedAtMs: options.now(),
      jitterFraction: pickJitterFraction(this.settings.maxProcesses, options.random),
    });
    this.workers.push(worker);
    child.on('message', (message) => {
      if (isWorkerMessage(message)) this.#onMessage(worker, message);
    });
    child.on('exit', (code, signal) => this.#onExit(worker, code, signal));
    child.on('error', () => {
      // A failed spawn never exits; treat it as a crash at startup.
      if (child.exitCode === null && child.signalCode === null && worker.state === 'starting') this.#onExit(worker, null, null);
    });
    this.#emitWorker('worker-spawned', worker, { reason });
    return worker;
  }

  #onMessage(worker: WorkerHandle, message: WorkerMessage): void {
    const nowMs = this.#options.now();
    switch (message.type) {
      case 'ready': {
        if (worker.state !== 'starting' || worker.exitIntent !== 'none') return;
        this.#moveTo(worker, 'ready');
        worker.readyAtMs = nowMs;
        this.#emitWorker('worker-ready', worker, { startupMs: nowMs - worker.startedAtMs });
        const old = worker.replaces;
        if (old !== null) {
          worker.replaces = null;
          old.replacement = null;
          if (old.state === 'ready' && old.recycleReason !== null) this.#beginDrain(old, old.recycleReason);
        }
        this.#options.front.pump();
        return;
      }
      case 'pong':
        if (message.seq !== worker.pingSeq) return;
        worker.pingSentAtMs = null;
        this.#options.onPingAnswered?.((performance.now() - worker.pingSentAtPerfMs) / 1000);
        worker.figures = {
          rssBytes: message.rssBytes,
          heapUsedBytes: message.heapUsedBytes,
          virtualBytes: message.virtualBytes,
          eventLoopDelayMs: message.eventLoopDelayMs,
        };
        return;
      case 'metrics':
        worker.answerCollect(message);
        return;
      case 'unhealthy':
        if (worker.state === 'ready' && worker.recycleReason === null) this.#beginRecycle(worker, 'Unhealthy');
        return;
      case 'startup-failed':
        this.#emitWorker('worker-startup-failed', worker, { message: message.message });
        return;
    }
  }

  #onExit(worker: WorkerHandle, code: number | null, signal: NodeJS.Signals | null): void {
    const index = this.workers.indexOf(worker);
    if (index === -1) return;
    this.workers.splice(index, 1);
    this.#scheduledRecycles.delete(worker);
    this.#options.front.detachWorker(worker);
    rmSync(worker.socketPath, { force: true });
    const intent = worker.exitIntent;
    this.#emitWorker('worker-exited', worker, {
      code,
      signal,
      reason: intent === 'drain' ? 'drained' : intent === 'kill' ? 'killed' : 'crash',
      requestsDispatched: worker.requestsDispatched,
    });
    if (worker.replaces !== null) worker.replaces.replacement = null;
    // An old worker that died during its overlapped recycle leaves its replacement an ordinary worker.
    if (worker.replacement !== null) worker.replacement.replaces = null;
    if (intent === 'none' && worker.state !== 'orphaned') {
      this.restarts.crash++;
      this.#countFailure(worker, 'crash');
    }
    for (const resolve of this.#exitWaiters) resolve();
    this.#exitWaiters.clear();
    if (this.state === 'Started') {
      // A worker recycled without overlap held its slot until now: its replacement carries the recycle reason.
      const heldFor = worker.isHoldingSlot ? worker.recycleReason : null;
      this.#ensureWorkers(
        false,
        intent === 'none' ? 'crash' : (heldFor ?? (this.settings.startMode === 'AlwaysRunning' ? 'AlwaysRunning' : 'demand')),
      );
    }
    this.#options.front.pump();
  }

  #beginRecycle(worker: WorkerHandle, reason: RecycleReason): void {
    worker.recycleReason = reason;
    this.#scheduledRecycles.delete(worker);
    this.restarts[reason]++;
    const isOverlapped = !this.settings.recycling.disallowOverlappingRotation;
    this.#emitWorker('worker-recycling', worker, { reason, isOverlapped });
    if (isOverlapped) {
      this.#startReplacement(worker, reason);
    } else {
      worker.isHoldingSlot = true;
      this.#beginDrain(worker, reason);
    }
  }

  #startReplacement(worker: WorkerHandle, reason: RecycleReason): void {
    const replacement = this.#spawn(reason);
    replacement.replaces = worker;
    worker.replacement = replacement;
  }

  #beginDrain(worker: WorkerHandle, reason: RecycleReason | 'idle' | 'pool_stopped' | 'server_stopped'): void {
    this.#moveTo(worker, 'draining');
    worker.exitIntent = 'drain';
    worker.drainStartedAtMs = this.#options.now();
    this.#emitWorker('worker-draining', worker, { reason, requestsDispatched: worker.requestsDispatched });
    if (worker.outstandingRequests === 0) this.#sendDrain(worker);
  }

  #sendDrain(worker: WorkerHandle): void {
    this.#options.front.detachWorker(worker);
    worker.process.send({ type: 'drain' });
  }

  #kill(worker: WorkerHandle, reason: FailureReason | 'shutdown_timeout' | 'pool_stopped' | 'server_stopped'): void {
    worker.exitIntent = 'kill';
    worker.process.kill('SIGKILL');
    this.#emitWorker('worker-killed', worker, { reason });
    this.#options.front.detachWorker(worker);
    this.#options.front.pump();
  }

  #replaceUnhealthy(worker: WorkerHandle, reason: 'ping_timeout' | 'deadlock', waitedMs: number): void {
    this.#moveTo(worker, 'unresponsive');
    this.#emitWorker('worker-unresponsive', worker, { reason, waitedMs });
    this.restarts[reason]++;
    if (this.settings.failure.orphanWorkerProcess) {
      this.#moveTo(worker, 'orphaned');
      this.#emitWorker('worker-orphaned', worker, { reason });
      this.#options.front.detachWorker(worker);
      const { orphanActionExe, orphanActionParams } = this.settings.failure;
      if (orphanActionExe !== null) {
        this.#runHook('orphanActionExe', orphanActionExe, expandHookParams(orphanActionParams, worker.pid));
      }
    } else {
      this.#kill(worker, reason);
    }
    if (countsTowardRapidFail(reason)) this.#countFailure(worker, reason);
    if (this.state === 'Started') this.#ensureWorkers(false, reason);
  }

  /** Every state change goes through the table in worker-state.ts; a move outside it is a bug here. */
  #moveTo(worker: WorkerHandle, state: WorkerState): void {
    if (!canTransition(worker.state, state)) {
      throw new Error(`worker ${worker.id} of pool ${this.name} cannot move from ${worker.state} to ${state}`);
    }
    worker.state = state;
  }

  #countFailure(worker: WorkerHandle, reason: FailureReason): void {
    const failure = this.settings.failure;
    const decision = recordFailure(this.#failureTimesMs, this.#options.now(), failure);
    this.#failureTimesMs = decision.failureTimesMs;
    this.#emitWorker('failure-counted', worker, {
      reason,
      failuresInWindow: decision.failureTimesMs.length,
      limit: failure.rapidFailProtectionMaxCrashes,
    });
    if (decision.shouldTrip && this.state === 'Started') {
      this.rapidFailTrips++;
      this.#emit('rapid-fail-tripped', {
        failuresInWindow: decision.failureTimesMs.length,
        intervalMs: failure.rapidFailProtectionIntervalMs,
      });
      this.stop('RapidFail');
      if (failure.autoShutdownExe !== null) {
        this.#runHook('autoShutdownExe', failure.autoShutdownExe, expandHookParams(failure.autoShutdownParams, null));
      }
    }
  }

  #runHook(hook: 'orphanActionExe' | 'autoShutdownExe', command: string, args: string[]): void {
    void this.#options.runHook(command, args).then((result) => this.#emit('hook-ran', { hook, ...result }));
  }

  #emit<K extends ServerEventType>(type: K, payload: Omit<ServerEvents[K], 'time' | 'pool'>): void {
    this.#options.events.emit(type, { time: this.#options.now(), pool: this.name, ...payload } as ServerEvents[K]);
  }

  #emitWorker<K extends ServerEventType>(
    type: K,
    worker: WorkerHandle,
    payload: Omit<ServerEvents[K], 'time' | 'pool' | 'workerId' | 'pid'>,
  ): void {
    const event = { time: this.#options.now(), pool: this.name, workerId: worker.id, pid: worker.pid, ...payload };
    this.#options.events.emit(type, event as ServerEvents[K]);
  }
}

function toRecycleFacts(worker: WorkerHandle): Parameters<typeof decideRecycle>[0] {
  return {
    startedAtMs: worker.startedAtMs,
    requestsDispatched: worker.requestsDispatched,
    rssBytes: worker.figures.rssBytes,
    virtualBytes: worker.figures.virtualBytes,
    jitterFraction: worker.jitterFraction,
  };
}
