/**
 * The figure registry: every name an expectation may compare, with its unit, labels, windows,
 * description and reader. The parser validates against it and the evaluator reads through it, so a
 * figure exists in exactly one place. The areas live in their own files; this one lists them in
 * the order of the docs' figure table.
 */
import { CLIENT_FIGURES } from './client-figures.ts';
import { FRONT_FIGURES } from './front-figures.ts';
import { RUN_FIGURES } from './run-figures.ts';
import { SUPERVISOR_FIGURES } from './supervisor-figures.ts';
import type { FigureDefinition } from './figure-definition.ts';

/** Every figure: client, front, supervisor, then run figures. */
export const FIGURES: readonly FigureDefinition[] = [...CLIENT_FIGURES, ...FRONT_FIGURES, ...SUPERVISOR_FIGURES, ...RUN_FIGURES];

/** The figure registered under `name` (no window prefix, no labels), or undefined. */
export function findFigure(name: string): FigureDefinition | undefined {
  return FIGURES.find((figure) => figure.name === name);
}

/** Every figure name, in registry order. */
export function figureNames(): readonly string[] {
  return FIGURES.map((figure) => figure.name);
}
