import assert from 'node:assert/strict';
import { escapeMarkupAttribute, escapeMarkupText } from '../../../reports/escape-markup.ts';

describe('escapeMarkupText', () => {
  describe('with markup characters', () => {
    it('replaces & < > " and \' with entities', () => {
      assert.equal(escapeMarkupText(`a & b < c > d "e" 'f'`), 'a &amp; b &lt; c &gt; d &quot;e&quot; &#39;f&#39;');
    });

    it('escapes an existing entity again rather than trusting it', () => {
      assert.equal(escapeMarkupText('&lt;'), '&amp;lt;');
    });
  });

  describe('with control characters', () => {
    it('keeps tab and line feed, writes carriage return as a reference', () => {
      assert.equal(escapeMarkupText('a\tb\nc\rd'), 'a\tb\nc&#13;d');
    });

    it('writes the characters XML 1.0 cannot carry as visible \\uXXXX text', () => {
      assert.equal(
        escapeMarkupText('\u0000\u0001\u000b\u001f\u007f\u0085\ufffe\uffff'),
        '\\u0000\\u0001\\u000B\\u001F\\u007F\\u0085\\uFFFE\\uFFFF',
      );
    });
  });

  describe('with surrogates', () => {
    it('keeps a pair and writes lone halves as visible text', () => {
      assert.equal(escapeMarkupText('😀 \ud83d x \ude00'), '😀 \\uD83D x \\uDE00');
    });
  });
});

describe('escapeMarkupAttribute', () => {
  describe('with whitespace', () => {
    it('writes tab, line feed and carriage return as references so parsers keep them', () => {
      assert.equal(escapeMarkupAttribute('a\tb\nc\rd "q"'), 'a&#9;b&#10;c&#13;d &quot;q&quot;');
    });
  });
});
