/**
 * How a key path is written in every message about a config or scenario file: `pools.api.processModel`,
 * `apps[2].module`, `pools["my pool"]` for a key that is not a plain name, `(top level)` for the root.
 */

/** The key path of `segments` (zod's issue path). */
export function formatKeyPath(segments: readonly PropertyKey[]): string {
  if (segments.length === 0) return '(top level)';
  return segments
    .map((segment, index) => {
      if (typeof segment === 'number') return `[${String(segment)}]`;
      const name = String(segment);
      if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name)) return `[${JSON.stringify(name)}]`;
      return index === 0 ? name : `.${name}`;
    })
    .join('');
}
