import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { parse } from 'yaml';
import type { z } from 'zod';
import { CONFIG_SCHEMA_ID, configJsonSchema } from '../../../../server/config/json-schema.ts';
import { configFileSchema } from '../../../../server/config/schema.ts';

type JsonSchema = Record<string, unknown>;

const FIXTURES = new URL('../../../fixtures/configs/', import.meta.url);

/** Key paths a zod schema accepts: `pools.*.processModel.pingInterval`, `apps[].path`. */
function zodKeyPaths(schema: z.core.$ZodType, prefix = ''): string[] {
  const def = schema._zod.def as unknown as Record<string, unknown> & { type: string };
  const inner = (def['innerType'] ?? def['in']) as z.core.$ZodType | undefined;
  if (inner !== undefined && ['pipe', 'default', 'prefault', 'optional'].includes(def.type)) return zodKeyPaths(inner, prefix);
  if (def.type === 'object') {
    return Object.entries(def['shape'] as Record<string, z.core.$ZodType>).flatMap(([key, child]) => {
      const at = prefix === '' ? key : `${prefix}.${key}`;
      return [at, ...zodKeyPaths(child, at)];
    });
  }
  if (def.type === 'record') return zodKeyPaths(def['valueType'] as z.core.$ZodType, `${prefix}.*`);
  if (def.type === 'array') return zodKeyPaths(def['element'] as z.core.$ZodType, `${prefix}[]`);
  return [];
}

/** Key paths a JSON Schema describes, in the same notation; records of scalars add no keys. */
function jsonKeyPaths(schema: JsonSchema, prefix = ''): string[] {
  const properties = schema['properties'] as Record<string, JsonSchema> | undefined;
  if (properties !== undefined) {
    return Object.entries(properties).flatMap(([key, child]) => {
      const at = prefix === '' ? key : `${prefix}.${key}`;
      return [at, ...jsonKeyPaths(child, at)];
    });
  }
  const values = schema['additionalProperties'];
  if (typeof values === 'object' && values !== null) return jsonKeyPaths(values as JsonSchema, `${prefix}.*`);
  const items = schema['items'];
  if (typeof items === 'object' && items !== null) return jsonKeyPaths(items as JsonSchema, `${prefix}[]`);
  return [];
}

/** Every schema at a key position (`properties` entries, record values and list items that are objects), by key path. */
function describedKeys(schema: JsonSchema, prefix = ''): [string, JsonSchema][] {
  const join = (key: string): string => (prefix === '' ? key : `${prefix}.${key}`);
  const properties = (schema['properties'] ?? {}) as Record<string, JsonSchema>;
  const nested: [string, unknown][] = [
    [`${prefix}.*`, schema['additionalProperties']],
    [`${prefix}[]`, schema['items']],
  ];
  return [
    ...Object.entries(properties).flatMap(([key, child]): [string, JsonSchema][] => [
      [join(key), child],
      ...describedKeys(child, join(key)),
    ]),
    ...nested
      .filter((entry): entry is [string, JsonSchema] => typeof entry[1] === 'object' && entry[1] !== null && 'properties' in entry[1])
      .flatMap(([at, child]): [string, JsonSchema][] => [[at, child], ...describedKeys(child, at)]),
  ];
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/**
 * Structural check of `value` against the keywords our schema uses (no ajv here): type, enum,
 * pattern, minimum/maximum, minItems, properties/required/additionalProperties, propertyNames, items,
 * oneOf. Returns the paths that fail.
 */
function violations(schema: JsonSchema, value: unknown, at = '$'): string[] {
  if (Array.isArray(schema['oneOf'])) {
    const matching = (schema['oneOf'] as JsonSchema[]).filter((option) => violations(option, value, at).length === 0);
    return matching.length === 1 ? [] : [`${at}: matches ${matching.length} of oneOf`];
  }
  const type = schema['type'];
  if (typeof type === 'string' && type !== typeOf(value) && !(type === 'number' && typeOf(value) === 'integer'))
    return [`${at}: not ${type}`];
  const problems: string[] = [];
  if (Array.isArray(schema['enum']) && !schema['enum'].includes(value)) problems.push(`${at}: not in enum`);
  if (typeof value === 'string' && typeof schema['pattern'] === 'string' && !new RegExp(schema['pattern'], 'u').test(value)) {
    problems.push(`${at}: does not match ${schema['pattern']}`);
  }
  if (typeof value === 'number' && typeof schema['minimum'] === 'number' && value < schema['minimum'])
    problems.push(`${at}: below minimum`);
  if (typeof value === 'number' && typeof schema['maximum'] === 'number' && value > schema['maximum'])
    problems.push(`${at}: above maximum`);
  if (Array.isArray(value)) {
    if (typeof schema['minItems'] === 'number' && value.length < schema['minItems']) problems.push(`${at}: too few items`);
    value.forEach((item, index) => problems.push(...violations(schema['items'] as JsonSchema, item, `${at}[${index}]`)));
  }
  if (typeOf(value) === 'object') problems.push(...objectViolations(schema, value as Record<string, unknown>, at));
  return problems;
}

function objectViolations(schema: JsonSchema, value: Record<string, unknown>, at: string): string[] {
  const properties = (schema['properties'] ?? {}) as Record<string, JsonSchema>;
  const additional = schema['additionalProperties'];
  const names = schema['propertyNames'] as JsonSchema | undefined;
  const problems = ((schema['required'] ?? []) as string[]).filter((key) => !(key in value)).map((key) => `${at}.${key}: required`);
  for (const [key, child] of Object.entries(value)) {
    if (names !== undefined) problems.push(...violations(names, key, `${at}.${key} (name)`));
    const childSchema = properties[key] ?? (typeof additional === 'object' ? (additional as JsonSchema) : undefined);
    if (childSchema !== undefined) problems.push(...violations(childSchema, child, `${at}.${key}`));
    else if (additional === false) problems.push(`${at}.${key}: not allowed`);
  }
  return problems;
}

const readFixture = (name: string): unknown => parse(readFileSync(new URL(name, FIXTURES), 'utf8'));

describe('configJsonSchema', () => {
  describe('its header', () => {
    it('declares draft 2020-12, an $id and a title', () => {
      const schema = configJsonSchema();
      assert.equal(schema['$schema'], 'https://json-schema.org/draft/2020-12/schema');
      assert.equal(schema['$id'], CONFIG_SCHEMA_ID);
      assert.equal(schema['title'], 'poolchaos server config');
      assert.equal(schema['type'], 'object');
      assert.deepEqual(schema['required'], ['apps']);
    });

    it('lists the top-level sections and forbids any other key', () => {
      const schema = configJsonSchema();
      assert.deepEqual(Object.keys(schema['properties'] as JsonSchema), [
        'listen',
        'admin',
        'chaos',
        'limits',
        'telemetry',
        'log',
        'pools',
        'apps',
      ]);
      assert.equal(schema['additionalProperties'], false);
    });
  });

  describe('its keys', () => {
    it('describes exactly the keys the zod schema accepts', () => {
      assert.deepEqual(jsonKeyPaths(configJsonSchema()), zodKeyPaths(configFileSchema));
      assert.equal(zodKeyPaths(configFileSchema).length, 63);
    });

    it('forbids unknown keys in every object', () => {
      const objects = describedKeys(configJsonSchema()).filter(
        ([, child]) => child['type'] === 'object' && child['properties'] !== undefined,
      );
      assert.deepEqual(
        objects.map(([key]) => key),
        [
          'listen',
          'admin',
          'chaos',
          'limits',
          'telemetry',
          'telemetry.traces',
          'log',
          'pools.*',
          'pools.*.processModel',
          'pools.*.recycling',
          'pools.*.recycling.periodicRestart',
          'pools.*.failure',
          'pools.*.retry',
          'pools.*.identity',
          'apps[]',
        ],
      );
      for (const [key, child] of objects) assert.equal(child['additionalProperties'], false, key);
    });

    it('gives every key a description, and every key with a default its default in the description', () => {
      for (const [key, child] of describedKeys(configJsonSchema())) {
        assert.equal(typeof child['description'], 'string', key);
        const fallback = child['default'];
        if (typeof fallback === 'string' || typeof fallback === 'number' || typeof fallback === 'boolean') {
          const shown = fallback === '' ? 'empty' : String(fallback);
          assert.ok((child['description'] as string).endsWith(`default ${shown}.`), key);
        }
      }
    });

    it('publishes each duration as oneOf integer milliseconds or a string pattern', () => {
      const properties = (configJsonSchema()['properties'] as Record<string, JsonSchema>)['limits']!['properties'] as Record<
        string,
        JsonSchema
      >;
      const oneOf = properties['connectionTimeout']!['oneOf'] as JsonSchema[];
      assert.deepEqual(
        oneOf.map((option) => option['type']),
        ['integer', 'string'],
      );
      assert.equal(properties['connectionTimeout']!['default'], '2m');
    });

    it('uses patterns that compile as ECMA-262 unicode regular expressions', () => {
      const patterns = JSON.stringify(configJsonSchema()).match(/"pattern":"(?:[^"\\]|\\.)*"/g) ?? [];
      assert.ok(patterns.length > 10);
      for (const entry of patterns) {
        const pattern = JSON.parse(`{${entry}}`) as { pattern: string };
        assert.doesNotThrow(() => new RegExp(pattern.pattern, 'u'), pattern.pattern);
      }
    });
  });

  describe('against the fixture configs', () => {
    const valid = readdirSync(FIXTURES).filter((name) => /^(minimal|full|in-process)\.(yaml|json)$/.test(name));

    it('finds the valid fixtures', () => {
      assert.deepEqual(valid.sort(), ['full.yaml', 'in-process.yaml', 'minimal.json', 'minimal.yaml']);
    });

    for (const name of valid) {
      it(`accepts ${name}`, () => {
        assert.deepEqual(violations(configJsonSchema(), readFixture(name)), []);
      });
    }

    it('rejects the mistakes of invalid.yaml that a schema can see', () => {
      assert.deepEqual(violations(configJsonSchema(), readFixture('invalid.yaml')), [
        '$.pools.api.queueLength: not integer',
        '$.pools.api.pingInteval: not allowed',
        '$.pools.api.processModel.pingInterval: matches 0 of oneOf',
        '$.pools.api.recycling.periodicRestart.schedule[1]: does not match ^(?:[01]\\d|2[0-3]):[0-5]\\d$',
      ]);
    });
  });
});
