/**
 * Figures about the run itself: the faults the harness injected, the server events it recorded, and
 * the figures on which client and front disagreed. `events` is the one open-ended figure: every label
 * but `type` names an event field, compared as a string (`workerId=3` matches the number 3).
 */
import type { FaultRecord, Journal, JournalEvent } from '../journal/journal.ts';
import { isInRange, windowRangeMs } from './journal-window.ts';
import { known, optionalLabel, requiredLabel } from './figure-definition.ts';
import { SERVER_EVENT_TYPES } from '../../server/index.ts';
import type { FigureDefinition, FigureQuery } from './figure-definition.ts';

const KIND_LABEL = optionalLabel('kind', null, 'crash');

function faultFigure(name: string, description: string, isCounted: (fault: FaultRecord) => boolean): FigureDefinition {
  return {
    name: `faults.${name}`,
    unit: 'count',
    labels: [KIND_LABEL],
    takesAnyLabel: false,
    hasWindows: false,
    description,
    read: (journal, query) => {
      const kind = query.labels['kind'];
      return known(journal.faults.filter((fault) => isCounted(fault) && (kind === undefined || fault.kind === kind)).length);
    },
  };
}

/** Whether every label names a field of the event whose string form equals the label's value. */
function matchesLabels(event: JournalEvent, labels: Readonly<Record<string, string>>): boolean {
  return Object.entries(labels).every(([field, value]) => Object.hasOwn(event, field) && String(event[field]) === value);
}

function countEvents(journal: Journal, query: FigureQuery): number {
  const range = windowRangeMs(journal.phases, query.window);
  return journal.events.filter((event) => isInRange(event.time - journal.startedAtMs, range) && matchesLabels(event, query.labels)).length;
}

/** The run figures, in the order of the docs' figure table. */
export const RUN_FIGURES: readonly FigureDefinition[] = [
  faultFigure('injected', 'faults the admin API accepted, of the kind given or all', (fault) => fault.error === null),
  faultFigure('failed', 'faults that could not be injected (their record carries an error)', (fault) => fault.error !== null),
  {
    name: 'events',
    unit: 'count',
    labels: [requiredLabel('type', SERVER_EVENT_TYPES, 'worker-ready')],
    takesAnyLabel: true,
    hasWindows: true,
    description:
      'server events of the type whose other fields equal the other labels (pool, reason, workerId, ...); windows go by event time',
    read: (journal, query) => known(countEvents(journal, query)),
  },
  {
    name: 'disagreements',
    unit: 'count',
    labels: [],
    takesAnyLabel: false,
    hasWindows: false,
    description: 'figures on which the client and the front disagreed',
    read: (journal) => known(journal.disagreements.length),
  },
];
