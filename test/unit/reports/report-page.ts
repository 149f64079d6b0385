/** Reading a rendered report page in unit tests: its script elements, its visible markup and its chart data. */
import assert from 'node:assert/strict';
import type { ChartsModel } from '../../../reports/html/chart-model.ts';

/** How often a needle occurs in a text. */
export function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

/** A script element's attributes (as written, with the leading space) and its text. */
export interface ScriptElement {
  readonly attributes: string;
  readonly text: string;
}

/** The page's script elements, in page order. */
export function scriptElements(html: string): ScriptElement[] {
  return [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)].map((match) => ({ attributes: match[1]!, text: match[2]! }));
}

/** The page without its script elements: what the reader sees, and what journal text may reach. */
export function withoutScripts(html: string): string {
  return html.replace(/<script[^>]*>[\s\S]*?<\/script>/g, '');
}

/** The page's one chart data block, parsed. */
export function chartData(html: string): ChartsModel {
  const blocks = scriptElements(html).filter((script) => script.attributes === ' type="application/json" id="chart-data"');
  assert.equal(blocks.length, 1);
  return JSON.parse(blocks[0]!.text) as ChartsModel;
}

/** A chart's <figure>. */
export function figure(html: string, name: string): string {
  const match = new RegExp(
    `<figure class="chart-figure"><figcaption class="chart-title" id="chart-${name}-title">[\\s\\S]*?</figure>`,
  ).exec(html);
  assert.ok(match, `no chart ${name}`);
  return match[0];
}

/** Asserts that no table cell, attribute or chart data value shows NaN, Infinity or undefined. */
export function assertNoBadNumbers(html: string): void {
  const visible = withoutScripts(html);
  for (const bad of ['NaN', 'Infinity', 'undefined']) assert.equal(visible.includes(bad), false, `${bad} in output`);
  const data = scriptElements(html).find((script) => script.attributes.includes('chart-data'))?.text ?? '';
  for (const bad of ['NaN', 'Infinity', 'undefined']) assert.equal(data.includes(bad), false, `${bad} in chart data`);
}
