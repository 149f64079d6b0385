import assert from 'node:assert/strict';
import { configJsonSchema } from '../../../server/index.ts';
import { renderConfigReference, type JsonSchema } from '../../../scripts/docs/config-reference.ts';
import { githubSlug, uniqueSlugs } from '../../../scripts/docs/slug.ts';

const DURATION = { oneOf: [{ type: 'integer' }, { type: 'string' }] };

/** A schema with one section, one nested section, one record of entries and one required key. */
const SAMPLE: JsonSchema = {
  type: 'object',
  required: ['apps'],
  properties: {
    listen: {
      type: 'object',
      description: 'Where clients connect.',
      properties: {
        port: { type: 'integer', default: 8080, description: 'Port the front listens on. TCP port; default 8080.' },
        timeout: { ...DURATION, default: '2m', description: 'Drop a request after this long. Duration above 0; default 2m.' },
        token: { type: 'string', description: 'A token | with a pipe. String; default none.' },
        inner: {
          type: 'object',
          description: 'Nested <keys>.',
          properties: { flag: { type: 'boolean', default: false, description: 'A flag. Boolean; default false.' } },
        },
      },
    },
    pools: {
      type: 'object',
      description: 'Pools by name.',
      additionalProperties: {
        type: 'object',
        description: 'Each entry is one pool.',
        properties: { size: { type: 'string', default: '1MB', description: 'A size. Size (a bare number is bytes); default 1MB.' } },
      },
    },
    apps: {
      type: 'array',
      description: 'Apps; required.',
      items: {
        type: 'object',
        description: 'Each entry is one app.',
        required: ['path'],
        properties: {
          path: { type: 'string', description: 'Where the app is. URL path; required.' },
          pool: { type: 'string', description: 'Its pool. Pool name; required unless inProcess.' },
          params: { type: 'string', default: '', description: 'Arguments. String; default empty.' },
        },
      },
    },
  },
};

const withKey = (key: JsonSchema): JsonSchema => ({
  type: 'object',
  properties: { s: { type: 'object', description: 'S.', properties: { key } } },
});

describe('renderConfigReference', () => {
  describe('on a small schema', () => {
    it('renders an index and one section per object, with key path, type, default and meaning', () => {
      assert.equal(
        renderConfigReference(SAMPLE),
        [
          '- [`listen`](#listen)',
          '- [`listen.inner`](#listeninner)',
          '- [`pools`](#pools)',
          '- [`apps`](#apps)',
          '',
          '### `listen`',
          '',
          'Where clients connect.',
          '',
          '| key | type | default | meaning |',
          '|---|---|---|---|',
          '| `listen.port` | TCP port | `8080` | Port the front listens on. |',
          '| `listen.timeout` | [Duration](#writing-durations) above 0 | `2m` | Drop a request after this long. |',
          '| `listen.token` | String | none | A token \\| with a pipe. |',
          '',
          '### `listen.inner`',
          '',
          'Nested &lt;keys&gt;.',
          '',
          '| key | type | default | meaning |',
          '|---|---|---|---|',
          '| `listen.inner.flag` | Boolean | `false` | A flag. |',
          '',
          '### `pools`',
          '',
          'Pools by name. Each entry is one pool.',
          '',
          '| key | type | default | meaning |',
          '|---|---|---|---|',
          '| `pools.<name>.size` | [Size](#writing-sizes) (a bare number is bytes) | `1MB` | A size. |',
          '',
          '### `apps`',
          '',
          'Apps; required. Each entry is one app.',
          '',
          '| key | type | default | meaning |',
          '|---|---|---|---|',
          '| `apps[].path` | URL path | required | Where the app is. |',
          '| `apps[].pool` | Pool name | required unless inProcess | Its pool. |',
          '| `apps[].params` | String | empty | Arguments. |',
          '',
        ].join('\n'),
      );
    });
  });

  describe('when a description does not fit the table', () => {
    it('refuses a key description without its unit and default, naming the key', () => {
      assert.throws(
        () => renderConfigReference(withKey({ type: 'integer', default: 1, description: 'A count.' })),
        /^Error: s\.key: description does not read/,
      );
    });

    it('refuses a default that differs from the schema default', () => {
      const key = { type: 'integer', default: 1, description: 'A count. Count; default 2.' };
      assert.throws(() => renderConfigReference(withKey(key)), /s\.key: the default is 1 but the description says "2"/);
    });

    it('refuses "required" on a key the schema does not require', () => {
      const key = { type: 'string', description: 'A name. Name; required.' };
      assert.throws(
        () => renderConfigReference(withKey(key)),
        /s\.key: the schema does not require the key but its description says "required"/,
      );
    });

    it('refuses a section without a description', () => {
      assert.throws(
        () => renderConfigReference({ type: 'object', properties: { s: { type: 'object', properties: {} } } }),
        /s: no description/,
      );
    });
  });

  describe('on the server config schema', () => {
    it('renders every section of the config file', () => {
      const headings = [...renderConfigReference(configJsonSchema()).matchAll(/^### `([^`]+)`$/gm)].map((match) => match[1]);
      assert.deepEqual(headings, [
        'listen',
        'admin',
        'chaos',
        'limits',
        'telemetry',
        'telemetry.traces',
        'log',
        'pools',
        'pools.<name>.processModel',
        'pools.<name>.recycling',
        'pools.<name>.recycling.periodicRestart',
        'pools.<name>.failure',
        'pools.<name>.retry',
        'pools.<name>.identity',
        'apps',
      ]);
    });
  });
});

describe('githubSlug', () => {
  it('makes the anchors GitHub makes', () => {
    const cases: readonly (readonly [string, string])[] = [
      ['Writing durations', 'writing-durations'],
      ['`pools.<name>.processModel`', 'poolsnameprocessmodel'],
      ['Not supported (yet)', 'not-supported-yet'],
      ['Dispatch (`npm run bench:dispatch`)', 'dispatch-npm-run-benchdispatch'],
      ["Where the front's time goes", 'where-the-fronts-time-goes'],
      ['The k6/x/poolchaos extension', 'the-k6xpoolchaos-extension'],
      ['See [the page](other.md) — now', 'see-the-page--now'],
      ['snake_case and kebab-case', 'snake_case-and-kebab-case'],
    ];
    assert.deepEqual(
      cases.map(([heading]) => githubSlug(heading)),
      cases.map(([, slug]) => slug),
    );
  });

  it('numbers repeated headings from the second on', () => {
    assert.deepEqual(uniqueSlugs(['Traces', 'Traces', 'Other', 'Traces']), ['traces', 'traces-1', 'other', 'traces-2']);
  });
});
