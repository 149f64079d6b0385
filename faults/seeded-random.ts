/**
 * A small deterministic random source (mulberry32) so that a scenario's seed fixes every random choice
 * the harness and the chaos agent make: which worker a fault hits, which requests a share-based fault
 * touches. Not for anything security-related.
 */

/** Returns a function yielding numbers in [0, 1), the same sequence for the same seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Derives the seed of one part of a run (e.g. fault 3) from the run's seed, so parts stay independent. */
export function deriveSeed(seed: number, part: number): number {
  return (Math.imul(seed >>> 0, 2654435761) + Math.imul(part + 1, 40503)) >>> 0;
}
