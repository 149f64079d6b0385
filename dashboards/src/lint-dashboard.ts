/**
 * Structural checks on dashboard JSON, the useful rules of grafana/dashboard-linter redone here
 * (it is Go and not installable): schema version, ids, refIds, units, grid, datasource variable,
 * `$__rate_interval`. Each problem is one line naming the panel, so a failing test says what to fix.
 */
import {
  annotationsOf,
  datasourceUidOf,
  isJsonObject,
  numberAt,
  objectAt,
  objectsAt,
  panelsOf,
  stringAt,
  variablesOf,
} from './dashboard-json.ts';
import type { JsonObject } from './dashboard-json.ts';
import { GRID_COLUMNS } from './panels.ts';
import { rateCallsWithoutRateInterval } from './promql-inspection.ts';

/** The classic dashboard JSON schema version the foundation SDK emits and Grafana 11–13 read. */
export const SCHEMA_VERSION = 42;

/** The datasource uid every query must use: the `datasource` template variable. */
export const DATASOURCE_UID = '${datasource}';

/** Panel types that show no data and so have no unit, datasource or targets. */
const LAYOUT_PANEL_TYPES = new Set(['row', 'text']);

interface Box {
  readonly id: number;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/** Every structural problem of a dashboard, in a fixed order; empty when it passes. */
export function lintDashboard(dashboardJson: unknown): string[] {
  if (!isJsonObject(dashboardJson)) return ['dashboard is not a JSON object'];
  const problems: string[] = [];
  const schemaVersion = numberAt(dashboardJson, 'schemaVersion');
  if (schemaVersion !== SCHEMA_VERSION) problems.push(`schemaVersion is ${String(schemaVersion)}, expected ${SCHEMA_VERSION}`);
  if ((stringAt(dashboardJson, 'uid') ?? '') === '') problems.push('uid is missing');
  problems.push(...lintVariables(dashboardJson), ...lintPanels(panelsOf(dashboardJson)), ...lintAnnotations(dashboardJson));
  return problems;
}

function lintVariables(dashboard: JsonObject): string[] {
  const problems: string[] = [];
  const variables = variablesOf(dashboard);
  const datasource = variables.find((variable) => stringAt(variable, 'name') === 'datasource');
  if (datasource === undefined) problems.push('variable datasource is missing');
  else if (stringAt(datasource, 'type') !== 'datasource' || datasource['query'] !== 'prometheus') {
    problems.push('variable datasource is not a prometheus datasource variable');
  }
  if (!variables.some((variable) => stringAt(variable, 'name') === 'pool')) problems.push('variable pool is missing');
  for (const variable of variables) {
    if (stringAt(variable, 'type') === 'query' && datasourceUidOf(variable) !== DATASOURCE_UID) {
      problems.push(
        `variable ${stringAt(variable, 'name') ?? '?'} datasource uid is ${String(datasourceUidOf(variable))}, expected ${DATASOURCE_UID}`,
      );
    }
  }
  return problems;
}

function lintPanels(panels: readonly JsonObject[]): string[] {
  const problems: string[] = [];
  const seenIds = new Set<number>();
  const boxes: Box[] = [];
  for (const panel of panels) {
    const id = numberAt(panel, 'id');
    const name = `panel ${String(id)} "${stringAt(panel, 'title') ?? ''}"`;
    if (id === undefined || !Number.isInteger(id) || id <= 0) problems.push(`${name} has no positive integer id`);
    else if (seenIds.has(id)) problems.push(`duplicate panel id ${id}`);
    else seenIds.add(id);
    const box = gridBox(panel, id ?? 0);
    if (box === undefined) problems.push(`${name} gridPos is outside the ${GRID_COLUMNS}-column grid`);
    else boxes.push(box);
    problems.push(...lintPanelData(panel, name));
  }
  problems.push(...overlaps(boxes));
  return problems;
}

/** The panel's integer grid box if it lies inside the grid. */
function gridBox(panel: JsonObject, id: number): Box | undefined {
  const gridPos = objectAt(panel, 'gridPos');
  if (gridPos === undefined) return undefined;
  const [x, y, w, h] = ['x', 'y', 'w', 'h'].map((key) => numberAt(gridPos, key));
  if (x === undefined || y === undefined || w === undefined || h === undefined) return undefined;
  if (![x, y, w, h].every(Number.isInteger) || x < 0 || y < 0 || w < 1 || h < 1 || x + w > GRID_COLUMNS) return undefined;
  return { id, x, y, w, h };
}

function overlaps(boxes: readonly Box[]): string[] {
  const problems: string[] = [];
  boxes.forEach((a, index) => {
    for (const b of boxes.slice(index + 1)) {
      if (a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h) problems.push(`panel ${a.id} overlaps panel ${b.id}`);
    }
  });
  return problems;
}

function lintPanelData(panel: JsonObject, name: string): string[] {
  const targets = objectsAt(panel, 'targets');
  if (LAYOUT_PANEL_TYPES.has(stringAt(panel, 'type') ?? '')) return targets.length === 0 ? [] : [`${name} is a layout panel with targets`];
  const problems: string[] = [];
  const defaults = objectAt(objectAt(panel, 'fieldConfig') ?? {}, 'defaults') ?? {};
  if ((stringAt(defaults, 'unit') ?? '') === '') problems.push(`${name} has no unit`);
  if (datasourceUidOf(panel) !== DATASOURCE_UID)
    problems.push(`${name} datasource uid is ${String(datasourceUidOf(panel))}, expected ${DATASOURCE_UID}`);
  if (targets.length === 0) problems.push(`${name} has no targets`);
  const refIds = new Set<string>();
  targets.forEach((target, index) => {
    const refId = stringAt(target, 'refId') ?? '';
    const where = `${name} target ${refId === '' ? `#${index}` : refId}`;
    if (refId === '') problems.push(`${where} has no refId`);
    else if (refIds.has(refId)) problems.push(`${name} has duplicate refId ${refId}`);
    refIds.add(refId);
    const expr = stringAt(target, 'expr') ?? '';
    if (expr === '') problems.push(`${where} has no expr`);
    if (datasourceUidOf(target) !== DATASOURCE_UID)
      problems.push(`${where} datasource uid is ${String(datasourceUidOf(target))}, expected ${DATASOURCE_UID}`);
    for (const call of rateCallsWithoutRateInterval(expr)) problems.push(`${where} has ${call} without [$__rate_interval]`);
  });
  return problems;
}

function lintAnnotations(dashboard: JsonObject): string[] {
  const problems: string[] = [];
  for (const annotation of annotationsOf(dashboard)) {
    const name = `annotation "${stringAt(annotation, 'name') ?? ''}"`;
    if ((stringAt(annotation, 'expr') ?? '') === '') problems.push(`${name} has no expr`);
    if ((stringAt(annotation, 'step') ?? '') === '') problems.push(`${name} has no step`);
    if (datasourceUidOf(annotation) !== DATASOURCE_UID)
      problems.push(`${name} datasource uid is ${String(datasourceUidOf(annotation))}, expected ${DATASOURCE_UID}`);
  }
  return problems;
}
