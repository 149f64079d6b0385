/**
 * Reads the server config file once, at the boundary: YAML or JSON in, a deep-frozen `ServerConfig`
 * out. The zod schema (schema.ts) checks each key on its own; the rules here span several keys and
 * read the raw input, so they still run when other keys are broken and one ERR_CONFIG_INVALID lists
 * every issue at once: structural issues first, then cross-key ones. Handler modules are checked
 * only once the config is otherwise valid. Identity checks (root, user existence) belong to the
 * supervisor, which knows whether it runs as root.
 */

import { readFile } from 'node:fs/promises';
import { statSync } from 'node:fs';
import { BlockList } from 'node:net';
import path from 'node:path';
import { parseDocument } from 'yaml';
import type { YAMLError } from 'yaml';
import type { z } from 'zod';
import { PoolchaosError, formatTemplate, serverError, serverErrorTemplates } from '../errors.ts';
import type { ServerErrorCode } from '../errors.ts';
import { tryParseDurationMs } from './duration.ts';
import { formatKeyPath } from './key-path.ts';
import { configFileSchema } from './schema.ts';
import type { AppSettings, ServerConfig } from './settings.ts';

/** One thing wrong with a config: where (`pools.api.processModel.pingInterval`), what, and what would do. */
export interface ConfigIssue {
  readonly path: string;
  /** The problem, e.g. `not a duration`, `unknown key`, `missing`. */
  readonly message: string;
  /** The offending value as written; undefined when the key is missing or unknown. */
  readonly value: unknown;
  readonly expected: string;
}

/** A config error that carries its issues, one per line of the message. */
export class ConfigError extends PoolchaosError {
  readonly issues: readonly ConfigIssue[];

  constructor(code: ServerErrorCode, args: readonly unknown[], issues: readonly ConfigIssue[], options?: ErrorOptions) {
    const entry = serverErrorTemplates[code];
    super(code, entry, formatTemplate(entry.message, args), options);
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

/** Where a config came from: its file (null when built in code) and the folder module paths are relative to. */
export interface ParseConfigOptions {
  readonly file: string | null;
  readonly baseDir: string;
}

/**
 * Loads a config file: `.json` files as JSON, anything else as YAML. Rejects with ERR_CONFIG_NOT_FOUND,
 * ERR_CONFIG_UNREADABLE, ERR_CONFIG_SYNTAX (with line and column for YAML), ERR_CONFIG_INVALID or
 * ERR_CONFIG_MODULE_NOT_FOUND. Module paths are resolved against the file's folder.
 */
export async function loadConfig(file: string): Promise<ServerConfig> {
  const absolute = path.resolve(file);
  const text = (await readConfigText(absolute)).replace(/^\uFEFF/, '');
  const isJson = path.extname(absolute).toLowerCase() === '.json';
  const raw = isJson ? parseJsonText(text, absolute) : parseYamlText(text, absolute);
  return parseConfig(raw, { file: absolute, baseDir: path.dirname(absolute) });
}

/**
 * Validates an already-parsed config, fills defaults, resolves `apps[].module` against `baseDir` and
 * returns the deep-frozen result. Throws ConfigError (ERR_CONFIG_INVALID listing every issue, or
 * ERR_CONFIG_MODULE_NOT_FOUND for the first missing handler module).
 */
export function parseConfig(raw: unknown, options: ParseConfigOptions): ServerConfig {
  const label = options.file ?? '<inline config>';
  const result = configFileSchema.safeParse(raw, { reportInput: true });
  const issues = [...(result.success ? [] : result.error.issues.flatMap(issuesFromZod)), ...crossKeyIssues(raw)];
  if (!result.success || issues.length > 0) {
    throw new ConfigError('ERR_CONFIG_INVALID', [label, issues.map(formatIssue).join('\n')], issues);
  }
  const apps = result.data.apps.map((app, index) => resolveModule(app, index, label, options.baseDir));
  const file = options.file === null ? null : path.resolve(options.file);
  return deepFreeze({ file, ...result.data, apps });
}

/** One line of an ERR_CONFIG_INVALID message. */
function formatIssue(issue: ConfigIssue): string {
  const got = issue.value === undefined ? '' : `got ${showValue(issue.value)}; `;
  return `  ${issue.path}: ${issue.message} (${got}expected ${issue.expected})`;
}

async function readConfigText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const cause = error as NodeJS.ErrnoException;
    if (cause.code === 'ENOENT') throw serverError('ERR_CONFIG_NOT_FOUND', [file], { cause });
    throw serverError('ERR_CONFIG_UNREADABLE', [file, cause.message], { cause });
  }
}

function parseJsonText(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw serverError('ERR_CONFIG_SYNTAX', [file, 'JSON', (error as Error).message], { cause: error });
  }
}

function parseYamlText(text: string, file: string): unknown {
  const document = parseDocument(text, { prettyErrors: true });
  const [first] = document.errors;
  if (first !== undefined) {
    throw serverError('ERR_CONFIG_SYNTAX', [file, 'YAML', describeYamlError(first)], { cause: first });
  }
  try {
    return document.toJS();
  } catch (error) {
    // Unresolved aliases and alias bombs only surface when the document is turned into values.
    throw serverError('ERR_CONFIG_SYNTAX', [file, 'YAML', (error as Error).message], { cause: error });
  }
}

/** `line 3, column 1: Map keys must be unique`, without yaml's own position suffix and code frame. */
function describeYamlError(error: YAMLError): string {
  const reason = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
  const start = error.linePos?.[0];
  return start === undefined ? reason : `line ${start.line}, column ${start.col}: ${reason}`;
}

const PROBLEM_BY_CODE: Readonly<Record<string, string>> = {
  invalid_type: 'wrong type',
  too_big: 'out of range',
  too_small: 'out of range',
  invalid_value: 'unknown value',
  invalid_format: 'wrong format',
};

function issuesFromZod(issue: z.core.$ZodIssue): ConfigIssue[] {
  const at = formatKeyPath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      path: formatKeyPath([...issue.path, key]),
      message: 'unknown key',
      value: undefined,
      expected: issue.message,
    }));
  }
  if (issue.code === 'invalid_key') {
    const expected = issue.issues[0]?.message ?? issue.message;
    return [{ path: at, message: 'invalid name', value: issue.input, expected }];
  }
  if (issue.code === 'custom') {
    const expected = String(issue.params?.['expected'] ?? 'a valid value');
    return [{ path: at, message: issue.message, value: issue.input, expected }];
  }
  const isMissing = issue.code === 'invalid_type' && issue.input === undefined;
  const isShortList = issue.code === 'too_small' && issue.origin === 'array';
  const message = isMissing ? 'missing' : isShortList ? 'too few items' : (PROBLEM_BY_CODE[issue.code] ?? 'invalid');
  return [{ path: at, message, value: issue.input, expected: issue.message }];
}

/** `pools.api.recycling.periodicRestart.schedule[0]`; keys that are not plain names are quoted. */

function showValue(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Rules that read several keys; each skips values the schema already reports as broken. */
function crossKeyIssues(raw: unknown): ConfigIssue[] {
  if (!isRecord(raw)) return [];
  return [...appIssues(raw), ...adminIssues(raw['admin']), ...pingIssues(raw['pools'])];
}

function appIssues(raw: Record<string, unknown>): ConfigIssue[] {
  const apps = Array.isArray(raw['apps']) ? (raw['apps'] as unknown[]) : [];
  const poolNames = isRecord(raw['pools']) ? Object.keys(raw['pools']) : [];
  const firstIndexByPath = new Map<string, number>();
  return apps.flatMap((app, index): ConfigIssue[] => {
    if (!isRecord(app)) return [];
    const issues = appPoolIssues(app, index, poolNames);
    if (typeof app['path'] !== 'string') return issues;
    // `/api/` and `/api` route the same requests.
    const key = app['path'].length > 1 ? app['path'].replace(/\/+$/, '') : app['path'];
    const first = firstIndexByPath.get(key);
    if (first === undefined) firstIndexByPath.set(key, index);
    else {
      const at = formatKeyPath(['apps', index, 'path']);
      issues.push({ path: at, message: `same path as apps[${first}]`, value: app['path'], expected: 'a path no other app uses' });
    }
    return issues;
  });
}

function appPoolIssues(app: Record<string, unknown>, index: number, poolNames: readonly string[]): ConfigIssue[] {
  const at = formatKeyPath(['apps', index, 'pool']);
  const known = poolNames.length > 0 ? `one of the pools: ${poolNames.join(', ')}` : 'a pool defined under pools (none is)';
  if (app['pool'] === undefined && app['inProcess'] !== true) {
    return [{ path: at, message: 'missing', value: undefined, expected: `${known} (only inProcess apps have no pool)` }];
  }
  if (typeof app['pool'] === 'string' && !poolNames.includes(app['pool'])) {
    return [{ path: at, message: 'no such pool', value: app['pool'], expected: known }];
  }
  return [];
}

function adminIssues(admin: unknown): ConfigIssue[] {
  if (!isRecord(admin) || admin['token'] !== undefined) return [];
  const host = admin['host'];
  if (typeof host !== 'string' || isLoopbackHost(host)) return [];
  return [
    {
      path: 'admin.token',
      message: 'missing',
      value: undefined,
      expected: `a bearer token, because admin.host ${JSON.stringify(host)} is not a loopback address`,
    },
  ];
}

/** 127.0.0.0/8, ::1 (any spelling, with or without brackets), IPv4-mapped loopback, and localhost. */
function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (bare === 'localhost' || bare === 'localhost.') return true;
  const loopback = new BlockList();
  loopback.addSubnet('127.0.0.0', 8, 'ipv4');
  loopback.addAddress('::1', 'ipv6');
  try {
    return loopback.check(bare, bare.includes(':') ? 'ipv6' : 'ipv4');
  } catch {
    return false; // a host name: it may resolve anywhere
  }
}

function pingIssues(pools: unknown): ConfigIssue[] {
  if (!isRecord(pools)) return [];
  return Object.entries(pools).flatMap(([name, pool]): ConfigIssue[] => {
    const model = isRecord(pool) ? pool['processModel'] : undefined;
    if (!isRecord(model)) return [];
    const isPinging = model['pingingEnabled'] === undefined || model['pingingEnabled'] === true;
    if (!isPinging) return [];
    const parsed = tryParseDurationMs(model['pingResponseTime']);
    if (!parsed.ok || parsed.value > 0) return [];
    return [
      {
        path: formatKeyPath(['pools', name, 'processModel', 'pingResponseTime']),
        message: 'out of range',
        value: model['pingResponseTime'],
        expected: 'a duration above 0 while pingingEnabled is true (set pingingEnabled: false to stop health pings)',
      },
    ];
  });
}

function resolveModule(app: AppSettings, index: number, label: string, baseDir: string): AppSettings {
  const module = path.resolve(baseDir, app.module);
  if (!isFile(module)) {
    const at = formatKeyPath(['apps', index, 'module']);
    const expected = `a handler module file (looked for ${module})`;
    throw new ConfigError(
      'ERR_CONFIG_MODULE_NOT_FOUND',
      [label, at, module],
      [{ path: at, message: 'not found', value: app.module, expected }],
    );
  }
  return { ...app, module };
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function deepFreeze<Value>(value: Value): Value {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
