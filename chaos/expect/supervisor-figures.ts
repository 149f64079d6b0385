/**
 * Figures from the supervisor's side: restarts and recycles by reason (summed over pools, from the
 * admin API at the end of the run), how long replacements took to become ready, how long the workers
 * started during the run took from spawn to ready (what this machine needs to start one, for bounds
 * written as formulas), and how many workers were ready at the end. None takes a window.
 */
import { RECYCLE_REASONS, RESTART_REASONS } from '../../server/index.ts';
import type { Journal } from '../journal/journal.ts';
import { countFor, known, optionalLabel, unknown } from './figure-definition.ts';
import type { FigureDefinition, FigureReading } from './figure-definition.ts';

const NO_RECOVERY_SAMPLE = 'no fault took workers away and saw a replacement become ready, so there is no sample';

function recoveryFigure(stat: 'max' | 'min' | 'mean', description: string): FigureDefinition {
  return {
    name: `recovery.replacementReadyMs.${stat}`,
    unit: 'ms',
    labels: [],
    takesAnyLabel: false,
    hasWindows: false,
    description,
    read: (journal: Journal): FigureReading => {
      const samples = journal.recovery.replacementReadyMs;
      if (samples.length === 0) return unknown(NO_RECOVERY_SAMPLE);
      if (stat === 'mean') return known(samples.reduce((total, ms) => total + ms, 0) / samples.length);
      return known(samples.reduce((best, ms) => (stat === 'max' ? Math.max(best, ms) : Math.min(best, ms))));
    },
  };
}

const NO_STARTUP_SAMPLE = 'no worker became ready during the run, so there is no start-up time';

/** Spawn-to-ready times of the workers that became ready during the run, in the label's pool or all. */
function startupTimes(journal: Journal, pool: string | undefined): number[] {
  return journal.events
    .filter((event) => event.type === 'worker-ready' && (pool === undefined || event.pool === pool))
    .map((event) => event['startupMs'])
    .filter((startupMs): startupMs is number => typeof startupMs === 'number');
}

function startupFigure(stat: 'max' | 'min' | 'mean' | 'count', description: string): FigureDefinition {
  return {
    name: `workers.startupMs.${stat}`,
    unit: stat === 'count' ? 'count' : 'ms',
    labels: [optionalLabel('pool', null, 'web')],
    takesAnyLabel: false,
    hasWindows: false,
    description,
    read: (journal, query): FigureReading => {
      const samples = startupTimes(journal, query.labels['pool']);
      if (stat === 'count') return known(samples.length);
      if (samples.length === 0) return unknown(NO_STARTUP_SAMPLE);
      if (stat === 'mean') return known(samples.reduce((total, ms) => total + ms, 0) / samples.length);
      return known(stat === 'max' ? Math.max(...samples) : Math.min(...samples));
    },
  };
}

/** The last timeline second that carries a worker sample. */
function finalReadyWorkers(journal: Journal): FigureReading {
  const workers = journal.timeline.findLast((row) => row.workers !== null)?.workers ?? null;
  return workers === null ? unknown('no timeline second carries a worker sample') : known(workers.ready);
}

/** The supervisor figures, in the order of the docs' figure table. */
export const SUPERVISOR_FIGURES: readonly FigureDefinition[] = [
  {
    name: 'restarts',
    unit: 'count',
    labels: [optionalLabel('reason', RESTART_REASONS, 'crash')],
    takesAnyLabel: false,
    hasWindows: false,
    description: 'workers replaced, over all pools, for the reason (recycles included); all reasons without a label',
    read: (journal, query) => known(countFor(journal.restarts, query.labels['reason'])),
  },
  {
    name: 'recycles',
    unit: 'count',
    labels: [optionalLabel('reason', RECYCLE_REASONS, 'PrivateMemory')],
    takesAnyLabel: false,
    hasWindows: false,
    description: 'healthy workers recycled, over all pools, for the IIS reason; all reasons without a label',
    read: (journal, query) => known(countFor(journal.recycles, query.labels['reason'])),
  },
  recoveryFigure('max', 'slowest time from a fault taking workers away to the next worker-ready in its pool'),
  recoveryFigure('min', 'fastest time from a fault taking workers away to the next worker-ready in its pool'),
  recoveryFigure('mean', 'mean time from a fault taking workers away to the next worker-ready in its pool'),
  {
    name: 'recovery.replacementReadyMs.count',
    unit: 'count',
    labels: [],
    takesAnyLabel: false,
    hasWindows: false,
    description: 'faults that took workers away and saw a replacement become ready (0 when none)',
    read: (journal) => known(journal.recovery.replacementReadyMs.length),
  },
  startupFigure('max', 'slowest spawn-to-ready time of a worker that became ready while the run followed the events'),
  startupFigure('min', 'fastest spawn-to-ready time of a worker that became ready while the run followed the events'),
  startupFigure('mean', 'mean spawn-to-ready time of the workers that became ready while the run followed the events'),
  startupFigure('count', 'workers that became ready while the run followed the events (0 when none)'),
  {
    name: 'workers.ready.final',
    unit: 'count',
    labels: [],
    takesAnyLabel: false,
    hasWindows: false,
    description: 'ready workers over all pools in the last timeline second that sampled them',
    read: finalReadyWorkers,
  },
];
