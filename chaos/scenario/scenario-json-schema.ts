/**
 * The scenario file format published as JSON Schema (draft 2020-12), generated from the zod schema's
 * input side so the two cannot drift. The loader also applies the rules JSON Schema cannot express
 * (fault times inside the fault window, pools that exist, expectations that parse, the embedded
 * server config).
 */
import { z } from 'zod';
import { scenarioFileSchema } from './scenario-schema.ts';

/** The schema's `$id`. */
export const SCENARIO_SCHEMA_ID = 'urn:poolchaos:schema:scenario:1';

/** Builds the JSON Schema of the scenario file; a fresh object on every call. */
export function scenarioJsonSchema(): Record<string, unknown> {
  const { $schema, ...generated } = z.toJSONSchema(scenarioFileSchema, { io: 'input', target: 'draft-2020-12' });
  return {
    $schema,
    $id: SCENARIO_SCHEMA_ID,
    title: 'poolchaos scenario',
    description:
      'A chaos scenario for `poolchaos run`: the target server, the load, the fault timeline, steady-state windows and expectations.',
    ...generated,
  };
}
