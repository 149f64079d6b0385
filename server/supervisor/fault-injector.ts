/**
 * The supervisor's side of chaos: takes a validated fault request from the admin API, picks the target
 * workers, and delivers the fault the way its kind says (faults/fault-kinds.ts): a signal to the
 * process, a message to the in-worker agent, or a startup fault for the pool's next spawns. Every
 * injection is a `chaos-injected` event; faults with a duration end with a `chaos-ended` event.
 *
 * The injector never decides what happens next: the supervisor's health, recycle and rapid-fail
 * policies react to the fault exactly as they would to the real thing.
 */
import { FAULT_KIND_RULES, deriveSeed, seededRandom, selectTargets, type FaultKind, type FaultRequest } from '../../faults/index.ts';
import { serverError } from '../errors.ts';
import type { EventBus } from '../events.ts';
import type { ChaosMessage } from '../ipc/protocol.ts';
import type { PoolSupervisor } from './pool-supervisor.ts';
import type { WorkerHandle } from './worker-handle.ts';

/** One injected fault, as `POST /chaos` answers it. Times are epoch ms. */
export interface FaultInjection {
  readonly faultId: number;
  readonly kind: FaultKind;
  readonly pool: string;
  readonly affected: readonly { readonly workerId: number; readonly pid: number }[];
  readonly injectedAtMs: number;
  /** When a fault with a duration ends, or null. */
  readonly endsAtMs: number | null;
}

export interface FaultInjectorOptions {
  readonly pools: ReadonlyMap<string, PoolSupervisor>;
  readonly events: EventBus;
  readonly now: () => number;
}

export class FaultInjector {
  readonly #options: FaultInjectorOptions;
  readonly #timers = new Map<NodeJS.Timeout, () => void>();
  #nextFaultId = 1;

  constructor(options: FaultInjectorOptions) {
    this.#options = options;
  }

  /** Injects one fault now. Throws ERR_POOL_NOT_FOUND or ERR_CHAOS_NO_TARGET; nothing is injected then. */
  inject(request: FaultRequest): FaultInjection {
    const supervisor = this.#options.pools.get(request.pool);
    if (supervisor === undefined) {
      throw serverError('ERR_POOL_NOT_FOUND', [request.pool, [...this.#options.pools.keys()].join(', ')]);
    }
    const nowMs = this.#options.now();
    // Targets first: a refused injection (ERR_CHAOS_NO_TARGET) must not use up a fault id.
    const targets = FAULT_KIND_RULES[request.kind].delivery === 'startup' ? [] : this.#chooseTargets(supervisor, request);
    const faultId = this.#nextFaultId++;
    this.#deliver(supervisor, request, faultId, targets);
    const endsAtMs = request.durationMs === null ? null : nowMs + request.durationMs;
    this.#options.events.emit('chaos-injected', {
      time: nowMs,
      pool: request.pool,
      faultId,
      kind: request.kind,
      workerIds: targets.map((worker) => worker.id),
      pids: targets.map((worker) => worker.pid),
      durationMs: request.durationMs,
    });
    if (request.durationMs !== null) {
      this.#after(request.durationMs, () => {
        if (request.kind === 'freeze') resumeFrozen(targets);
        this.#options.events.emit('chaos-ended', { time: this.#options.now(), pool: request.pool, faultId, kind: request.kind });
      });
    }
    return {
      faultId,
      kind: request.kind,
      pool: request.pool,
      affected: targets.map((worker) => ({ workerId: worker.id, pid: worker.pid })),
      injectedAtMs: nowMs,
      endsAtMs,
    };
  }

  /** Ends every fault with a duration now (frozen workers are resumed); called when the server stops. */
  dispose(): void {
    const pending = [...this.#timers];
    this.#timers.clear();
    for (const [timer, callback] of pending) {
      clearTimeout(timer);
      callback();
    }
  }

  #chooseTargets(supervisor: PoolSupervisor, request: FaultRequest): readonly WorkerHandle[] {
    const ready = supervisor.workers.filter((worker) => worker.state === 'ready' && worker.exitIntent === 'none');
    const random = seededRandom(request.seed);
    const candidates = ready.map((worker) => ({ id: worker.id, pid: worker.pid, startedAtMs: worker.startedAtMs, worker }));
    const selection = selectTargets(candidates, request.worker, request.count, random);
    if (!selection.ok) throw serverError('ERR_CHAOS_NO_TARGET', [request.pool, request.kind, selection.reason]);
    return selection.targets.map((target) => target.worker);
  }

  #deliver(supervisor: PoolSupervisor, request: FaultRequest, faultId: number, targets: readonly WorkerHandle[]): void {
    switch (request.kind) {
      case 'slow-start':
        supervisor.addStartupFaults({ kind: 'slow-start', delayMs: request.params.delayMs }, request.params.count);
        return;
      case 'crash-loop':
        supervisor.addStartupFaults({ kind: 'crash-loop', exitCode: request.params.exitCode }, request.params.count);
        return;
      case 'freeze':
        for (const worker of targets) worker.process.kill('SIGSTOP');
        return;
      case 'crash':
        if (request.params.method === 'signal') {
          for (const worker of targets) worker.process.kill(request.params.signal);
          return;
        }
        break;
      case 'busy-loop':
      case 'deadlock':
      case 'leak':
      case 'slow-responses':
      case 'ignore-shutdown':
      case 'error-responses':
        break;
    }
    for (const worker of targets) {
      const message = {
        type: 'chaos',
        faultId,
        kind: request.kind,
        params: request.params,
        durationMs: request.durationMs,
        seed: deriveSeed(request.seed, worker.id),
      } as ChaosMessage;
      worker.process.send(message);
    }
  }

  #after(delayMs: number, callback: () => void): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      callback();
    }, delayMs);
    timer.unref();
    this.#timers.set(timer, callback);
  }
}

/** SIGCONT for frozen workers still alive (a replaced one was killed, and stays dead). */
function resumeFrozen(workers: readonly WorkerHandle[]): void {
  for (const worker of workers) {
    if (worker.process.exitCode === null && worker.process.signalCode === null) worker.process.kill('SIGCONT');
  }
}
