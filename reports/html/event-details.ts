/** An event's payload fields as one line of text, for tooltips and the events table. */
import type { JournalEvent } from '../../chaos/index.ts';
import { describeValue } from '../format-figures.ts';

/** The fields other than type, time and pool, as `name=value` joined by ` · `, in payload order. */
export function eventDetails(event: JournalEvent): string {
  return Object.entries(event)
    .filter(([name]) => name !== 'type' && name !== 'time' && name !== 'pool')
    .map(([name, value]) => `${name}=${describeValue(value)}`)
    .join(' · ');
}
