import { pino, type Logger } from 'pino';
import type { LogLevel } from '../config/settings.ts';
import type { EventBus, ServerEvent } from '../events.ts';

export type { Logger };

/** The server's root logger: JSON lines on stderr, so stdout stays for the CLI's own output. */
export function createLogger(level: LogLevel): Logger {
  return pino({ level, base: { name: 'poolchaos' } }, pino.destination(2));
}

// Per-request events are frequent; they log at debug so info stays readable under load.
const REQUEST_EVENTS = new Set<ServerEvent['type']>(['request-rejected', 'request-retried', 'request-lost', 'request-client-aborted']);

/** Logs every server event: supervisor decisions at info (warn for failures), request events at debug. */
export function logEvents(events: EventBus, logger: Logger): () => void {
  const log = logger.child({ component: 'supervisor' });
  return events.subscribe((event) => {
    const { type, time: _eventTime, ...fields } = event;
    if (REQUEST_EVENTS.has(type)) log.debug(fields, type);
    else if (type === 'worker-unresponsive' || type === 'rapid-fail-tripped' || type === 'failure-counted') {
      log.warn(fields, type);
    } else log.info(fields, type);
  });
}
