/** Lookups in raw headers as parsers report them: `[name, value, name, value, ...]`, names in any case. */

/** Every value of header `name` (case-insensitive), in order. */
export function headerValues(rawHeaders: readonly string[], name: string): string[] {
  const wanted = name.toLowerCase();
  const values: string[] = [];
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    if (rawHeaders[index]?.toLowerCase() === wanted) values.push(rawHeaders[index + 1] ?? '');
  }
  return values;
}

/** The first value of header `name` (case-insensitive), or null when absent. */
export function headerValue(rawHeaders: readonly string[], name: string): string | null {
  return headerValues(rawHeaders, name)[0] ?? null;
}
