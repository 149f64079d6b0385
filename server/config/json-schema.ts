/**
 * The config file format published as JSON Schema (draft 2020-12), generated from the zod schema's
 * input side so the two cannot drift: key descriptions carry units and defaults, durations and sizes
 * are `oneOf` a bare integer or a string pattern, and every object forbids unknown keys. Editors
 * (yaml-language-server, VS Code) use it for completion and checking; the server itself validates
 * with zod, which also applies the rules JSON Schema cannot express (see load-config.ts).
 */

import { z } from 'zod';
import { configFileSchema } from './schema.ts';

/** The schema's `$id`. */
export const CONFIG_SCHEMA_ID = 'urn:poolchaos:schema:server-config:1';

/** Builds the JSON Schema of the server config file; a fresh object on every call. */
export function configJsonSchema(): Record<string, unknown> {
  const { $schema, ...generated } = z.toJSONSchema(configFileSchema, { io: 'input', target: 'draft-2020-12' });
  return {
    $schema,
    $id: CONFIG_SCHEMA_ID,
    title: 'poolchaos server config',
    description:
      'Server config for poolchaos (YAML or JSON). Keys keep their IIS applicationHost.config names. ' +
      'Durations: milliseconds or 90s, 1m30s, 29h, 00:01:30. Sizes: 512KB, 200MB, 1.5GB (1KB = 1024 bytes).',
    ...generated,
  };
}
