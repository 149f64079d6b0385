/**
 * Escaping for text that goes into XML 1.0 (JUnit) and HTML (the reports). Journal text is user input
 * (scenario names, params, error messages), so every string is escaped where it is written, never
 * before. XML 1.0 cannot carry most control characters or lone surrogates even as character
 * references, so those are written as visible `\uXXXX` text: a report must show that they were there.
 */

const TEXT_ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '\r': '&#13;',
};

/** Attribute values also keep tabs and line breaks, which parsers would otherwise turn into spaces. */
const ATTRIBUTE_ENTITIES: Readonly<Record<string, string>> = { ...TEXT_ENTITIES, '\n': '&#10;', '\t': '&#9;' };

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** Control characters other than tab, line feed and carriage return, C1 controls and the non-characters. */
function isUnrepresentable(code: number): boolean {
  const isC0 = code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d;
  return isC0 || (code >= 0x7f && code <= 0x9f) || code === 0xfffe || code === 0xffff;
}

function visibleEscape(code: number): string {
  return `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

function escapeWith(text: string, entities: Readonly<Record<string, string>>): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isHighSurrogate(code) && isLowSurrogate(text.charCodeAt(i + 1))) {
      out += text.slice(i, i + 2);
      i++;
    } else if (isHighSurrogate(code) || isLowSurrogate(code) || isUnrepresentable(code)) {
      out += visibleEscape(code);
    } else {
      const char = text.charAt(i);
      out += entities[char] ?? char;
    }
  }
  return out;
}

/** Escapes text for XML 1.0 or HTML element content; unrepresentable characters become `\uXXXX`. */
export function escapeMarkupText(text: string): string {
  return escapeWith(text, TEXT_ENTITIES);
}

/** Escapes text for a double- or single-quoted XML 1.0 or HTML attribute value, keeping line breaks. */
export function escapeMarkupAttribute(text: string): string {
  return escapeWith(text, ATTRIBUTE_ENTITIES);
}
