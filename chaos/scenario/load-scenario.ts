/**
 * Reads a scenario file once, at the boundary: YAML in, a frozen `Scenario` out, or one
 * ERR_SCENARIO_INVALID that lists every issue with its key path and the value as written. The
 * embedded server config is checked with the server's own parser, so its issues come back under
 * `target.server.…` before anything starts.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { FAULT_KIND_RULES, faultParamsSchema, type FaultKind } from '../../faults/index.ts';
import { parseExpectation } from '../expect/parse-expectation.ts';
import { ConfigError, formatKeyPath, parseConfig, tryParseDurationMs, tryParseSizeBytes, type ServerConfig } from '../../server/index.ts';
import { serverSettingResolver } from './server-settings.ts';
import { scenarioFileSchema, type ScenarioFile } from './scenario-schema.ts';
import { ScenarioError, formatScenarioIssue, type ScenarioIssue } from './scenario-errors.ts';
import type { Scenario, ScenarioFault, ScenarioLoadTool, ScenarioTarget } from './scenario.ts';
import { deepMerge } from './deep-merge.ts';
import { readK6Block } from './read-k6-block.ts';
import { parseLoopbackBaseUrl } from '../load/index.ts';

export interface LoadScenarioOptions {
  /** Apply the scenario's verdictPower patch: the run whose verdict must fail. */
  readonly isBroken?: boolean;
}

/** Loads and validates a scenario file. Rejects with a ScenarioError. */
export async function loadScenario(file: string, options: LoadScenarioOptions = {}): Promise<Scenario> {
  const absolute = path.resolve(file);
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ScenarioError('ERR_SCENARIO_NOT_FOUND', [absolute]);
    throw new ScenarioError('ERR_SCENARIO_UNREADABLE', [absolute, (error as Error).message]);
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    if (error instanceof YAMLParseError) throw new ScenarioError('ERR_SCENARIO_SYNTAX', [absolute, error.message]);
    throw error;
  }
  return parseScenario(raw, { file: absolute, isBroken: options.isBroken ?? false });
}

/** Validates an already-parsed scenario; relative module paths resolve against the file's folder. */
export function parseScenario(raw: unknown, options: { file: string; isBroken: boolean }): Scenario {
  const result = scenarioFileSchema.safeParse(raw, { reportInput: true });
  if (!result.success) fail(options.file, result.error.issues.flatMap(issuesFromZod));
  const data = result.data;
  const issues: ScenarioIssue[] = [];
  const baseDir = path.dirname(options.file);
  const { target, settings } = readTarget(data, baseDir, options.isBroken, issues);
  const faults = readFaults(data, target, issues);
  const loadTool = readLoadTool(data, issues);
  const resolveSetting = settings === null ? null : serverSettingResolver(settings);
  const expect = data.expect.flatMap((text, index) => {
    try {
      return [parseExpectation(text, { resolveSetting })];
    } catch (error) {
      issues.push({ path: `expect[${String(index)}]`, message: (error as Error).message });
      return [];
    }
  });
  if (data.steadyState.before + data.steadyState.after >= data.load.duration) {
    issues.push({ path: 'steadyState', message: 'before + after must leave time for faults inside load.duration' });
  }
  const k6 = readK6Block(data, { isStartingServer: target.kind === 'start', settings, faults }, issues);
  if (options.isBroken && data.verdictPower === undefined) {
    issues.push({ path: 'verdictPower', message: 'missing: a verdict-power run needs the patch that switches a protection off' });
  }
  if (issues.length > 0) fail(options.file, issues);
  return Object.freeze({
    file: options.file,
    name: data.name,
    description: data.description,
    seed: data.seed,
    target,
    load: {
      connections: data.load.connections,
      ratePerSecond: data.load.rate,
      durationMs: data.load.duration,
      timeoutMs: data.load.timeout,
      isKeepAlive: data.load.keepAlive,
      requests: data.load.requests,
    },
    loadTool,
    steadyState: { beforeMs: data.steadyState.before, afterMs: data.steadyState.after },
    faults,
    expect,
    settings,
    k6,
    verdictPower: data.verdictPower ?? null,
    brokenProtection: options.isBroken ? (data.verdictPower?.breaks ?? null) : null,
  });
}

function fail(file: string, issues: readonly ScenarioIssue[]): never {
  throw new ScenarioError('ERR_SCENARIO_INVALID', [file, issues.map(formatScenarioIssue).join('\n')], issues);
}

/** One zod issue as scenario issues: an unknown key is one issue per key, at its own path. */
function issuesFromZod(issue: z.core.$ZodIssue): ScenarioIssue[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ path: formatKeyPath([...issue.path, key]), message: 'unknown key' }));
  }
  const where = formatKeyPath(issue.path);
  if (issue.code === 'invalid_type' && issue.input === undefined) return [{ path: where, message: `missing (${issue.message})` }];
  return [{ path: where, message: issue.message, ...(issue.input === undefined ? {} : { value: issue.input }) }];
}

/**
 * The target, and the settings expectation bounds read: the scenario's own server config (never the
 * verdict-power patch, so a broken run is judged against the bound the scenario promises), or null
 * when the scenario starts no server or its config is invalid.
 */
function readTarget(
  data: ScenarioFile,
  baseDir: string,
  isBroken: boolean,
  issues: ScenarioIssue[],
): { readonly target: ScenarioTarget; readonly settings: ServerConfig | null } {
  const { server, urls } = data.target;
  if ((server === undefined) === (urls === undefined)) {
    issues.push({ path: 'target', message: 'give exactly one of server (a config to start) or urls (a running server)' });
    return { target: { kind: 'attach', frontUrl: '', adminUrl: '', token: null }, settings: null };
  }
  if (urls !== undefined) {
    try {
      parseLoopbackBaseUrl(urls.front);
    } catch (error) {
      issues.push({ path: 'target.urls.front', message: (error as Error).message });
    }
    if (isBroken)
      issues.push({ path: 'verdictPower', message: 'a verdict-power run needs target.server: it patches the config it starts' });
    return { target: { kind: 'attach', frontUrl: urls.front, adminUrl: urls.admin, token: urls.token ?? null }, settings: null };
  }
  const patched = isBroken && data.verdictPower !== undefined ? deepMerge(server ?? {}, data.verdictPower.server) : (server ?? {});
  const serverConfig = harnessOwned(patched);
  let settings: ServerConfig | null = null;
  try {
    const started = parseConfig(serverConfig, { file: null, baseDir });
    settings = patched === server ? started : parseConfig(harnessOwned(server ?? {}), { file: null, baseDir });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const prefix = isBroken ? 'target.server (with verdictPower.server)' : 'target.server';
    if (error.issues.length === 0) issues.push({ path: prefix, message: error.message });
    for (const issue of error.issues) {
      issues.push({
        path: `${prefix}.${issue.path}`,
        message: `${issue.message}; expected ${issue.expected}`,
        ...(issue.value === undefined ? {} : { value: issue.value }),
      });
    }
  }
  return { target: { kind: 'start', serverConfig, baseDir }, settings };
}

/** The config as the harness starts it: it owns where the server listens, and chaos must be on for faults to land. */
function harnessOwned(config: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return {
    ...config,
    listen: { host: '127.0.0.1', port: 0 },
    admin: { host: '127.0.0.1', port: 0 },
    chaos: { enabled: true },
    log: { level: 'warn', ...(config['log'] as Record<string, unknown> | undefined) },
  };
}

/** The load generator; thresholds are k6's, so they need k6. */
function readLoadTool(data: ScenarioFile, issues: ScenarioIssue[]): ScenarioLoadTool {
  const thresholds = data.load.thresholds;
  if (data.load.tool === 'k6') return { name: 'k6', thresholds: thresholds ?? {} };
  if (thresholds !== undefined) {
    issues.push({
      path: 'load.thresholds',
      message: `k6 thresholds need load.tool: k6 (the tool is ${data.load.tool}; write expect[] entries instead)`,
    });
  }
  return { name: data.load.tool };
}

/** Scenario param names with units, and the admin API names they become. */
const PARAM_UNITS: Readonly<Record<string, { readonly apiName: string; readonly unit: 'duration' | 'size' }>> = {
  delay: { apiName: 'delayMs', unit: 'duration' },
  rate: { apiName: 'rateBytesPerSecond', unit: 'size' },
  cap: { apiName: 'capBytes', unit: 'size' },
};

function readFaults(data: ScenarioFile, target: ScenarioTarget, issues: ScenarioIssue[]): ScenarioFault[] {
  const faults: ScenarioFault[] = [];
  const windowFromMs = data.steadyState.before;
  const windowToMs = data.load.duration - data.steadyState.after;
  const pools = target.kind === 'start' ? Object.keys((target.serverConfig['pools'] as Record<string, unknown> | undefined) ?? {}) : null;
  data.faults.forEach((fault, index) => {
    const where = `faults[${String(index)}]`;
    const params = convertParams(fault.kind, fault.params, `${where}.params`, issues);
    const rule = FAULT_KIND_RULES[fault.kind];
    if (rule.duration === 'required' && fault.duration === undefined)
      issues.push({ path: `${where}.duration`, message: `missing: ${fault.kind} lasts for a duration` });
    if (rule.duration === 'none' && fault.duration !== undefined)
      issues.push({ path: `${where}.duration`, message: `${fault.kind} takes no duration`, value: fault.duration });
    if (pools !== null && !pools.includes(fault.target.pool)) {
      issues.push({
        path: `${where}.target.pool`,
        message: `no such pool in target.server (pools: ${pools.join(', ')})`,
        value: fault.target.pool,
      });
    }
    const times = fault.repeat?.times ?? 1;
    for (let repetition = 0; repetition < times; repetition++) {
      const atMs = fault.at + repetition * (fault.repeat?.every ?? 0);
      if (atMs < windowFromMs || atMs >= windowToMs) {
        issues.push({
          path: `${where}.at`,
          message: `injection ${String(repetition + 1)} at ${String(atMs)}ms falls outside the fault window [${String(windowFromMs)}ms, ${String(windowToMs)}ms) between the steady-state windows`,
        });
        break;
      }
      faults.push({
        index: faults.length,
        atMs,
        kind: fault.kind,
        pool: fault.target.pool,
        worker: typeof fault.target.worker === 'number' ? { index: fault.target.worker } : fault.target.worker,
        count: fault.target.count,
        params,
        durationMs: fault.duration ?? null,
      });
    }
  });
  return faults.sort((a, b) => a.atMs - b.atMs).map((fault, index) => ({ ...fault, index }));
}

function convertParams(
  kind: FaultKind,
  params: Readonly<Record<string, unknown>>,
  where: string,
  issues: ScenarioIssue[],
): Record<string, unknown> {
  const converted: Record<string, unknown> = {};
  const issueCount = issues.length;
  for (const [key, value] of Object.entries(params)) {
    const unit = PARAM_UNITS[key];
    if (unit === undefined) {
      converted[key] = value;
      continue;
    }
    const parsed = unit.unit === 'duration' ? tryParseDurationMs(value) : tryParseSizeBytes(value, 'B');
    if (parsed.ok) converted[unit.apiName] = parsed.value;
    else issues.push({ path: `${where}.${key}`, message: `${parsed.problem}; expected ${parsed.expected}`, value });
  }
  // A value that did not convert is reported once, not again as missing.
  if (issues.length > issueCount) return converted;
  const result = faultParamsSchema(kind).safeParse(converted);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const apiKey = String(issue.path[0] ?? '');
      const fileKey = Object.entries(PARAM_UNITS).find(([, unit]) => unit.apiName === apiKey)?.[0] ?? apiKey;
      const keys = issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : '';
      issues.push({
        path: fileKey === '' ? where : `${where}.${fileKey}`,
        message: keys === '' ? issue.message : `unknown param ${keys} for ${kind}`,
      });
    }
    return converted;
  }
  return result.data as Record<string, unknown>;
}
