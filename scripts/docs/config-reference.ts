/**
 * The key tables of docs/configuration.md, rendered from the config file's JSON Schema
 * (`configJsonSchema()`), whose descriptions come from server/config/schema.ts: the docs page cannot
 * drift from the code. Pure: the same schema always gives the same Markdown.
 *
 * One `###` section per object of the schema (a record of pools or a list of apps is one section with
 * its entries' keys), in schema order, each with its description and a table of its keys: key path,
 * type (the unit part of the key's description), default (the schema's own `default`, else what the
 * description says) and meaning. A key description must read "<meaning>. <Unit>; default <value>."
 * or "<meaning>. <Unit>; required[ unless ...]."; anything else is an error naming the key, so a
 * description that the table cannot show fails the docs test instead of rendering badly.
 */
import { githubSlug } from './slug.ts';

/** A JSON Schema node, as `z.toJSONSchema` writes it. */
export type JsonSchema = Readonly<Record<string, unknown>>;

/** Anchors of the hand-written sections that explain a unit's syntax, on the same page. */
const UNIT_LINKS: Readonly<Record<string, string>> = {
  Duration: '#writing-durations',
  Size: '#writing-sizes',
};

const DESCRIPTION_FORM = /^(?<meaning>.*\.) (?<unit>[A-Z][^.;]*); (?<fallback>default .*|required(?: [^.]*)?)\.$/s;

interface KeyRow {
  readonly path: string;
  readonly unit: string;
  readonly fallback: string;
  readonly meaning: string;
}

interface Section {
  readonly path: string;
  readonly description: string;
  readonly rows: readonly KeyRow[];
}

/** The Markdown between the configuration page's markers: an index of the sections, then each section. */
export function renderConfigReference(schema: JsonSchema): string {
  const sections: Section[] = [];
  collectSections(schema, '', sections);
  const index = sections.map((section) => `- [\`${section.path}\`](#${githubSlug(`\`${section.path}\``)})`).join('\n');
  return [index, ...sections.map(renderSection)].join('\n\n') + '\n';
}

function renderSection(section: Section): string {
  const header = ['| key | type | default | meaning |', '|---|---|---|---|'];
  const rows = section.rows.map((row) => {
    const cells = [`\`${row.path}\``, linkUnit(escapeText(row.unit)), row.fallback, escapeText(row.meaning)];
    return `| ${cells.map((cell) => cell.replaceAll('|', '\\|')).join(' | ')} |`;
  });
  return [`### \`${section.path}\``, '', wrapText(escapeText(section.description)), '', ...header, ...rows].join('\n');
}

/** Prose lines of the page stay readable in an editor: words wrapped at `width` columns. */
function wrapText(text: string, width = 100): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  return [...lines, line].join('\n');
}

/** Walks objects depth first: an object's own keys form its section, its objects follow as theirs. */
function collectSections(node: JsonSchema, path: string, sections: Section[]): void {
  const properties = asRecord(node['properties']);
  if (properties === undefined) throw new Error(`${path || 'the schema'}: expected an object with properties`);
  const required = new Set(Array.isArray(node['required']) ? (node['required'] as string[]) : []);
  const rows: KeyRow[] = [];
  const children: [string, JsonSchema][] = [];
  for (const [key, child] of Object.entries(properties) as [string, JsonSchema][]) {
    const childPath = path === '' ? key : `${path}.${key}`;
    const entries = entrySchema(child);
    if (entries !== undefined) children.push([childPath, child]);
    else rows.push(keyRow(childPath, child, required.has(key)));
  }
  if (path !== '') sections.push({ path, description: sectionDescription(path, node), rows });
  for (const [childPath, child] of children) {
    const entries = entrySchema(child)!;
    const entryPath = child['type'] === 'array' ? `${childPath}[]` : `${childPath}.<name>`;
    if (entries === child) collectSections(child, childPath, sections);
    else collectEntries(child, childPath, entryPath, entries, sections);
  }
}

/** A record or list of objects: one section for the container, holding its entries' keys. */
function collectEntries(container: JsonSchema, path: string, entryPath: string, entries: JsonSchema, sections: Section[]): void {
  const before = sections.length;
  collectSections(entries, entryPath, sections);
  const own = sections[before]!;
  const description = `${sectionDescription(path, container)} ${sectionDescription(entryPath, entries)}`;
  sections[before] = { path, description, rows: own.rows };
}

/** The object schema a key opens as a section: itself, a record's values or a list's items. */
function entrySchema(node: JsonSchema): JsonSchema | undefined {
  if (asRecord(node['properties']) !== undefined) return node;
  const values = asRecord(node['additionalProperties']);
  if (values !== undefined && asRecord(values['properties']) !== undefined) return values;
  const items = asRecord(node['items']);
  if (items !== undefined && asRecord(items['properties']) !== undefined) return items;
  return undefined;
}

function keyRow(path: string, node: JsonSchema, isRequired: boolean): KeyRow {
  const description = node['description'];
  if (typeof description !== 'string') throw new Error(`${path}: no description`);
  const match = DESCRIPTION_FORM.exec(description);
  if (match?.groups === undefined) {
    throw new Error(`${path}: description does not read "<meaning>. <Unit>; default <value>." or "...; required.": ${description}`);
  }
  const { meaning, unit, fallback } = match.groups as { meaning: string; unit: string; fallback: string };
  const isRequiredText = fallback.startsWith('required');
  if (isRequired !== (fallback === 'required')) {
    throw new Error(`${path}: the schema ${isRequired ? 'requires' : 'does not require'} the key but its description says "${fallback}"`);
  }
  const fallbackCell = isRequiredText ? escapeText(fallback) : defaultCell(path, node, fallback.slice('default '.length));
  return { path, unit, meaning, fallback: fallbackCell };
}

/** The schema's own default in code, checked against the description; else the description's words. */
function defaultCell(path: string, node: JsonSchema, described: string): string {
  if (!('default' in node)) return escapeText(described);
  const value = node['default'];
  const shown =
    typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
  if (value === '') {
    if (described !== 'empty') throw new Error(`${path}: the default is empty but the description says "${described}"`);
    return 'empty';
  }
  if (shown !== described) throw new Error(`${path}: the default is ${shown} but the description says "${described}"`);
  return `\`${shown}\``;
}

function sectionDescription(path: string, node: JsonSchema): string {
  const description = node['description'];
  if (typeof description !== 'string' || description === '') throw new Error(`${path}: no description`);
  return description;
}

function linkUnit(unit: string): string {
  const [first = '', ...rest] = unit.split(/(?=[ ,])/);
  const anchor = UNIT_LINKS[first];
  return anchor === undefined ? unit : `[${first}](${anchor})${rest.join('')}`;
}

function asRecord(value: unknown): JsonSchema | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonSchema) : undefined;
}

/** Angle brackets would open HTML. */
function escapeText(text: string): string {
  return text.replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
