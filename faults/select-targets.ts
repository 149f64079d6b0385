/**
 * Which workers a fault hits. Pure: the candidates are the pool's ready workers, and the random source
 * comes from the request's seed, so a scenario run twice hits the same positions.
 */
import type { WorkerSelector } from './fault-kinds.ts';

/** A worker as target selection sees it. */
export interface TargetCandidate {
  readonly id: number;
  readonly pid: number;
  readonly startedAtMs: number;
}

export type TargetSelection<T> = { readonly ok: true; readonly targets: readonly T[] } | { readonly ok: false; readonly reason: string };

/**
 * Chooses up to `count` of `candidates` (ready workers) by `selector`. `all` takes every candidate and
 * ignores `count`; an index or pid that matches nothing is an error, as is an empty candidate list.
 */
export function selectTargets<T extends TargetCandidate>(
  candidates: readonly T[],
  selector: WorkerSelector,
  count: number,
  random: () => number,
): TargetSelection<T> {
  if (candidates.length === 0) return { ok: false, reason: 'the pool has no ready worker' };
  const byId = [...candidates].sort((a, b) => a.id - b.id);
  if (selector === 'all') return { ok: true, targets: byId };
  if (selector === 'oldest' || selector === 'newest') {
    const byAge = [...byId].sort((a, b) => a.startedAtMs - b.startedAtMs || a.id - b.id);
    if (selector === 'newest') byAge.reverse();
    return { ok: true, targets: byAge.slice(0, count) };
  }
  if (selector === 'random') {
    // Partial Fisher-Yates: the first `count` positions are a uniform sample without repetition.
    const pool = [...byId];
    const taken = Math.min(count, pool.length);
    for (let i = 0; i < taken; i++) {
      const j = i + Math.floor(random() * (pool.length - i));
      [pool[i], pool[j]] = [pool[j] as T, pool[i] as T];
    }
    return { ok: true, targets: pool.slice(0, taken) };
  }
  if ('index' in selector) {
    const target = byId[selector.index];
    if (target === undefined) {
      return { ok: false, reason: `worker index ${String(selector.index)} is out of range (${String(byId.length)} ready)` };
    }
    return { ok: true, targets: [target] };
  }
  const target = byId.find((candidate) => candidate.pid === selector.pid);
  if (target === undefined) return { ok: false, reason: `no ready worker has pid ${String(selector.pid)}` };
  return { ok: true, targets: [target] };
}
