/**
 * Read access to dashboard JSON of unknown shape (a committed file or a built object), for the
 * query listing and the structural checks. Nothing here throws: a missing or mistyped field reads
 * as undefined or an empty list, and the checks report it.
 */

/** A JSON object. */
export type JsonObject = Readonly<Record<string, unknown>>;

/** Whether `value` is a JSON object (not null, not an array). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The objects in the array at `object[key]`; anything else reads as none. */
export function objectsAt(object: JsonObject, key: string): JsonObject[] {
  const value = object[key];
  return Array.isArray(value) ? value.filter(isJsonObject) : [];
}

/** `object[key]` if it is a string. */
export function stringAt(object: JsonObject, key: string): string | undefined {
  const value = object[key];
  return typeof value === 'string' ? value : undefined;
}

/** `object[key]` if it is a finite number. */
export function numberAt(object: JsonObject, key: string): number | undefined {
  const value = object[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** `object[key]` if it is an object. */
export function objectAt(object: JsonObject, key: string): JsonObject | undefined {
  const value = object[key];
  return isJsonObject(value) ? value : undefined;
}

/** Every panel in dashboard order, the panels nested in (collapsed) rows after their row. */
export function panelsOf(dashboard: JsonObject): JsonObject[] {
  return objectsAt(dashboard, 'panels').flatMap((panel) => [panel, ...objectsAt(panel, 'panels')]);
}

/** The annotation queries (`annotations.list`). */
export function annotationsOf(dashboard: JsonObject): JsonObject[] {
  const annotations = objectAt(dashboard, 'annotations');
  return annotations === undefined ? [] : objectsAt(annotations, 'list');
}

/** The template variables (`templating.list`). */
export function variablesOf(dashboard: JsonObject): JsonObject[] {
  const templating = objectAt(dashboard, 'templating');
  return templating === undefined ? [] : objectsAt(templating, 'list');
}

/** The text of a query variable's query (a string, or the `query` field of the query object). */
export function variableQueryOf(variable: JsonObject): string | undefined {
  const query = variable['query'];
  if (typeof query === 'string') return query;
  return isJsonObject(query) ? stringAt(query, 'query') : undefined;
}

/** The uid of `object.datasource`, if set. */
export function datasourceUidOf(object: JsonObject): string | undefined {
  const datasource = objectAt(object, 'datasource');
  return datasource === undefined ? undefined : stringAt(datasource, 'uid');
}
