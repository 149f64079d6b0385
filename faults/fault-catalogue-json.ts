/**
 * The fault catalogue as data, for agents and tools that are not written in TypeScript:
 * `faults/fault-catalogue.json` is this function's output, committed, and a test keeps it current.
 * Bump {@link FAULT_CATALOGUE_VERSION} on any change a reader must know about (a kind or a param
 * removed or changing meaning); adding a kind or an optional param keeps it.
 */
import { z } from 'zod';
import { CRASH_SIGNALS, FAULT_KINDS, FAULT_KIND_DOCS, FAULT_KIND_RULES, faultParamsSchema } from './fault-kinds.ts';

export const FAULT_CATALOGUE_VERSION = 1;

/** The catalogue as pretty-printed JSON with a final newline; params as JSON Schema (draft 2020-12). */
export function renderFaultCatalogueJson(): string {
  const catalogue = {
    catalogueVersion: FAULT_CATALOGUE_VERSION,
    description:
      'poolchaos fault kinds: how each is delivered (signal: to the worker process; agent: by the agent inside the worker; ' +
      'startup: to the next workers the pool starts), whether it takes durationMs, and its params as the admin API takes them.',
    workerSelectors: ['random', 'oldest', 'newest', 'all', { index: 'integer >= 0' }, { pid: 'integer >= 1' }],
    crashSignals: [...CRASH_SIGNALS],
    kinds: FAULT_KINDS.map((kind) => ({
      kind,
      delivery: FAULT_KIND_RULES[kind].delivery,
      duration: FAULT_KIND_RULES[kind].duration,
      does: FAULT_KIND_DOCS[kind].does,
      params: z.toJSONSchema(faultParamsSchema(kind), { io: 'input' }),
    })),
  };
  return `${JSON.stringify(catalogue, null, 2)}\n`;
}
