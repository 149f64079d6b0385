/**
 * uPlot (npm `uplot`, MIT), inlined into each report so that it stays one offline file: the
 * minified browser build and its stylesheet, read from the installed package (resolved from this
 * module, so it works from any checkout after `npm ci`), with the package's licence as a comment.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** uPlot's script and stylesheet, as they go into the page. */
export interface UplotAssets {
  readonly script: string;
  readonly css: string;
}

let cached: UplotAssets | null = null;

function readAssets(): UplotAssets {
  const packageDir = dirname(createRequire(import.meta.url).resolve('uplot/package.json'));
  const read = (...path: string[]): string => readFileSync(join(packageDir, ...path), 'utf8');
  const license = read('LICENSE').trim().replaceAll('*/', '* /');
  const script = `/*! uPlot, inlined from its npm package:\n${license}\n*/\n${read('dist', 'uPlot.iife.min.js')}`;
  const css = read('dist', 'uPlot.min.css').trim();
  if (/<\/script|<!--/i.test(script) || /<\/style/i.test(css)) {
    throw new Error('uplot-assets: the uplot package holds </script, <!-- or </style and cannot be inlined');
  }
  return { script, css };
}

/** uPlot's inline script (licence comment, then the IIFE build) and its CSS, read once per process. */
export function uplotAssets(): UplotAssets {
  cached ??= readAssets();
  return cached;
}
