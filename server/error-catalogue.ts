/**
 * The one shape of every poolchaos error catalogue (server, scenario, expectation, load driver): each
 * code is stable and maps to an entry that states its message, with `%s` placeholders filled in order,
 * the HTTP status the admin API answers with when the error reaches a client, and the exit status a
 * command ends with. Nothing is derived from a code's spelling. `test/unit/error-catalogues.test.ts`
 * pins every entry of every catalogue.
 */

/** One catalogue entry. */
export interface ErrorEntry {
  readonly message: string;
  readonly httpStatus: number;
  /** 1 for a failure of the server or of the run, 2 for bad input (usage, a config, scenario or plan). */
  readonly exitCode: 1 | 2;
}

/** A catalogue: stable codes to their entries. */
export type ErrorCatalogue = Readonly<Record<string, ErrorEntry>>;

/** An error with a stable code from one of poolchaos's catalogues, carrying its entry's statuses. */
export class PoolchaosError extends Error {
  readonly code: string;
  readonly httpStatus: number;
  readonly exitCode: 1 | 2;

  /** `message` is the entry's filled in (see {@link formatTemplate}); subclasses may prefix it. */
  constructor(code: string, entry: ErrorEntry, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PoolchaosError';
    this.code = code;
    this.httpStatus = entry.httpStatus;
    this.exitCode = entry.exitCode;
  }
}

/** Fills `%s` placeholders in order. Extra arguments are ignored; missing ones leave `%s`. */
export function formatTemplate(template: string, args: readonly unknown[]): string {
  let index = 0;
  return template.replace(/%s/g, (placeholder) => (index < args.length ? String(args[index++]) : placeholder));
}

/** Counts a template's `%s` placeholders. */
export function placeholderCount(template: string): number {
  return template.match(/%s/g)?.length ?? 0;
}
