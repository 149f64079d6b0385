/**
 * Server settings as expectation bounds read them: `server.` followed by a key path as the config
 * file writes it (`server.pools.web.processModel.pingInterval`), looked up in the parsed config with
 * every default filled. The parsed config names durations `…Ms` and sizes `…Bytes`, so a key path
 * finds `pingInterval` as `pingIntervalMs` (a duration, in ms) and `privateMemory` as
 * `privateMemoryBytes` (a size); a plain number (`maxProcesses`) is a count.
 */
import type { ServerConfig } from '../../server/index.ts';
import type { SettingReading, SettingResolver } from '../expect/parse-expectation.ts';

const SUFFIXES = [
  ['Ms', 'ms'],
  ['Bytes', 'bytes'],
  ['', 'count'],
] as const;

/** A resolver over `config`; `server.` must begin every path it is given. */
export function serverSettingResolver(config: ServerConfig): SettingResolver {
  return (path) => readSetting(config, path.split('.').slice(1));
}

function readSetting(config: ServerConfig, keys: readonly string[]): SettingReading {
  let node: unknown = config;
  for (const [index, key] of keys.entries()) {
    if (!isRecord(node)) return { problem: `${keys.slice(0, index).join('.')} is not a section of the server config` };
    if (index === keys.length - 1) return readLeaf(node, key, keys.join('.'));
    if (!Object.hasOwn(node, key))
      return { problem: `no ${keys.slice(0, index + 1).join('.')} in the server config (known here: ${Object.keys(node).join(', ')})` };
    node = node[key];
  }
  return { problem: 'name a setting after server., e.g. server.pools.<pool>.processModel.pingInterval' };
}

function readLeaf(section: Readonly<Record<string, unknown>>, key: string, path: string): SettingReading {
  for (const [suffix, unit] of SUFFIXES) {
    const name = `${key}${suffix}`;
    if (!Object.hasOwn(section, name)) continue;
    const value = section[name];
    if (typeof value === 'number') return { value, unit };
    return { problem: `${path} is not a duration, size or number (it is ${JSON.stringify(value)})` };
  }
  return { problem: `no setting ${path} in the server config` };
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
