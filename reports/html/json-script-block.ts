/**
 * A JSON data block: `<script type="application/json">`, which browsers never run. Journal strings are
 * hostile, so every `<`, `>` and `&` in the JSON is written as a `\uXXXX` escape: no `</script>` or
 * `<!--` can end or change the block, and `JSON.parse` of its text gives back the value unchanged.
 * U+2028 and U+2029 are escaped too, and lone surrogates come out of `JSON.stringify` escaped.
 */

const UNSAFE_IN_SCRIPT = /[<>&\u2028\u2029]/g;

/** The value as JSON that is safe as the text of a script element. */
export function scriptSafeJson(value: unknown): string {
  return (JSON.stringify(value) ?? 'null').replace(UNSAFE_IN_SCRIPT, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A data block with the given id (letters, digits and `-` only) holding the value as JSON. */
export function renderJsonScriptBlock(id: string, value: unknown): string {
  if (!/^[a-z][a-z0-9-]*$/.test(id)) throw new Error(`renderJsonScriptBlock: "${id}" is not a plain id`);
  return `<script type="application/json" id="${id}">${scriptSafeJson(value)}</script>`;
}
