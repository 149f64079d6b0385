import assert from 'node:assert/strict';
import { escapeMarkdown, markdownCodeSpan } from '../../../reports/escape-markdown.ts';

describe('escapeMarkdown', () => {
  describe('with Markdown and HTML punctuation', () => {
    it('backslash-escapes each character that could format, link or end a cell', () => {
      assert.equal(
        escapeMarkdown('a|b *c* _d_ `e` [f](g) <h> #i ~j~ &k; !l \\m'),
        'a\\|b \\*c\\* \\_d\\_ \\`e\\` \\[f\\](g) \\<h\\> \\#i \\~j\\~ \\&k; \\!l \\\\m',
      );
    });
  });

  describe('with line breaks and control characters', () => {
    it('turns them into spaces so a cell stays on one line', () => {
      assert.equal(escapeMarkdown('one\ntwo\r\nthree\u0007'), 'one two  three ');
    });
  });
});

describe('markdownCodeSpan', () => {
  describe('with a pipe', () => {
    it('escapes it, since GitHub splits table cells on | even inside code', () => {
      assert.equal(markdownCodeSpan('a || b'), '`a \\|\\| b`');
    });
  });

  describe('with backticks', () => {
    it('uses a fence longer than any run inside and pads a backtick at either end', () => {
      assert.equal(markdownCodeSpan('x ``y`` z'), '```x ``y`` z```');
      assert.equal(markdownCodeSpan('`x`'), '`` `x` ``');
    });
  });
});
