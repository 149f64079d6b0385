import assert from 'node:assert/strict';
import type { Journal } from '../../../chaos/journal/journal.ts';
import { renderJunit } from '../../../reports/index.ts';
import { reportJournal } from '../../fixtures/journals/report-journal.ts';

function erroredJournal(): Journal {
  return { ...reportJournal(), status: 'error', error: 'server did not start: EADDRINUSE 127.0.0.1:8080', expectations: [] };
}

function withName(journal: Journal, name: string): Journal {
  return { ...journal, scenario: { ...journal.scenario, name } };
}

/** The C0 control characters in a text other than tab, line feed and carriage return. */
function controlCharacters(text: string): number[] {
  return [...text].map((char) => char.charCodeAt(0)).filter((code) => code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d);
}

function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

describe('renderJunit', () => {
  describe('for the fixture run with one failing expectation', () => {
    it('writes the whole document: one suite, one testcase per expectation, a failure with expected and actual', () => {
      assert.equal(
        renderJunit([reportJournal()]),
        [
          '<?xml version="1.0" encoding="UTF-8"?>',
          '<testsuites name="poolchaos" tests="4" failures="1" errors="0" time="12.250">',
          '  <testsuite name="crash-and-freeze" tests="4" failures="1" errors="0" skipped="0" time="12.250">',
          '    <properties>',
          '      <property name="seed" value="20251009"/>',
          '      <property name="scenarioFile" value="scenarios/crash-and-freeze.yaml"/>',
          '    </properties>',
          '    <testcase name="lost == 0" classname="crash-and-freeze">',
          '      <failure message="expected lost == 0, actual 5" type="expectation">expected: lost == 0',
          'actual: 5</failure>',
          '    </testcase>',
          '    <testcase name="latency.p99 &lt; 800ms" classname="crash-and-freeze"/>',
          '    <testcase name="rejected &lt;= 20" classname="crash-and-freeze"/>',
          '    <testcase name="recovery.replacementReady.max &lt; 3s" classname="crash-and-freeze"/>',
          '  </testsuite>',
          '</testsuites>',
          '',
        ].join('\n'),
      );
    });
  });

  describe('for an expectation whose figure is unknown', () => {
    it('says actual unknown and carries the message in the failure', () => {
      const journal: Journal = {
        ...reportJournal(),
        expectations: [{ expr: 'memory.max < 1GB', actual: null, passed: false, message: 'no figure named memory.max' }],
      };
      const xml = renderJunit([journal]);
      assert.equal(count(xml, '<testcase '), 1);
      assert.ok(
        xml.includes(
          '<failure message="expected memory.max &lt; 1GB, actual unknown: no figure named memory.max" type="expectation">' +
            'expected: memory.max &lt; 1GB\nactual: —\nmessage: no figure named memory.max</failure>',
        ),
      );
    });
  });

  describe('for a run that errored', () => {
    it('writes one errored testcase holding the error text', () => {
      const xml = renderJunit([erroredJournal()]);
      assert.equal(count(xml, '<testcase '), 1);
      assert.equal(count(xml, '<failure '), 0);
      assert.ok(xml.includes('<testsuite name="crash-and-freeze" tests="1" failures="0" errors="1" skipped="0" time="12.250">'));
      assert.ok(
        xml.includes(
          '    <testcase name="scenario run" classname="crash-and-freeze">\n' +
            '      <error message="server did not start: EADDRINUSE 127.0.0.1:8080" type="run-error">' +
            'server did not start: EADDRINUSE 127.0.0.1:8080</error>\n    </testcase>',
        ),
      );
    });

    it('still writes the errored testcase when the error text is missing', () => {
      const xml = renderJunit([{ ...erroredJournal(), error: null }]);
      assert.ok(xml.includes('<error message="the run ended with status error and no error text" type="run-error">'));
    });
  });

  describe('for several runs', () => {
    it('writes one suite per run in order and sums the counts and times at the root', () => {
      const xml = renderJunit([reportJournal(), withName(erroredJournal(), 'second')]);
      assert.ok(xml.includes('<testsuites name="poolchaos" tests="5" failures="1" errors="1" time="24.500">'));
      assert.equal(count(xml, '<testsuite '), 2);
      assert.ok(xml.indexOf('<testsuite name="crash-and-freeze"') < xml.indexOf('<testsuite name="second"'));
    });

    it('writes an empty root for no runs', () => {
      assert.equal(
        renderJunit([]),
        '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="poolchaos" tests="0" failures="0" errors="0" time="0.000">\n</testsuites>\n',
      );
    });
  });

  describe('escaping', () => {
    it('escapes quotes, angle brackets and ampersands in names, classnames and messages', () => {
      const journal: Journal = {
        ...withName(reportJournal(), `"quoted" & 'single' <b>`),
        expectations: [{ expr: 'p99 < 800ms && "x" > 1', actual: 2, passed: false, message: null }],
      };
      const xml = renderJunit([journal]);
      const name = '&quot;quoted&quot; &amp; &#39;single&#39; &lt;b&gt;';
      assert.ok(xml.includes(`<testsuite name="${name}" tests="1"`));
      assert.ok(
        xml.includes(
          `<testcase name="p99 &lt; 800ms &amp;&amp; &quot;x&quot; &gt; 1" classname="${name}">\n` +
            '      <failure message="expected p99 &lt; 800ms &amp;&amp; &quot;x&quot; &gt; 1, actual 2" type="expectation">' +
            'expected: p99 &lt; 800ms &amp;&amp; &quot;x&quot; &gt; 1\nactual: 2</failure>',
        ),
      );
    });

    it('writes control characters XML 1.0 cannot carry as visible \\uXXXX text and keeps line breaks in attributes', () => {
      const journal: Journal = { ...withName(erroredJournal(), 'bell\u0007 nul\u0000 esc\u001b'), error: 'line one\nline two\ttab' };
      const xml = renderJunit([journal]);
      assert.ok(xml.includes('<testsuite name="bell\\u0007 nul\\u0000 esc\\u001B"'));
      assert.ok(xml.includes('<error message="line one&#10;line two&#9;tab" type="run-error">line one\nline two\ttab</error>'));
      assert.deepEqual(controlCharacters(xml), []);
    });

    it('writes a lone surrogate as visible text and keeps a valid pair', () => {
      const xml = renderJunit([withName(reportJournal(), 'half \ud800 whole 😀')]);
      assert.ok(xml.includes('<testsuite name="half \\uD800 whole 😀"'));
    });

    it('names a broken protection as a property', () => {
      const journal = reportJournal();
      const xml = renderJunit([{ ...journal, scenario: { ...journal.scenario, brokenProtection: 'pingingEnabled: false' } }]);
      assert.ok(xml.includes('      <property name="brokenProtection" value="pingingEnabled: false"/>\n    </properties>'));
    });
  });
});
