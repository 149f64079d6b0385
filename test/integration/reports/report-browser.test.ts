import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ensureAptPackages } from '../../../scripts/ensure-apt.ts';
import type { Journal } from '../../../chaos/journal/journal.ts';
import { CHART_NAMES, renderHtmlReport, renderIndexPage, renderJunit } from '../../../reports/index.ts';
import { reportJournal } from '../../fixtures/journals/report-journal.ts';

/** Installing Chromium on a fresh machine (apt-get update and install) can take minutes. */
const APT_INSTALL_TIMEOUT_MS = 600_000;
const SCREENSHOT_PATH = 'out/report-screenshot.png';
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Series elements expected inside each chart's SVG for the fixture journal. */
const EXPECTED_SERIES: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  outcomes: { 'rect.series-served': 12, 'rect.series-rejected': 1, 'rect.series-lost': 2 },
  latency: { 'path.series-p50': 1, 'path.series-p99': 1 },
  workers: {
    'rect.series-starting': 2,
    'rect.series-ready': 11,
    'rect.series-draining': 1,
    'rect.series-unresponsive': 0,
    'rect.series-orphaned': 0,
  },
  'queue-depth': { 'path.series-queue-depth': 1 },
};

interface ChartLayout {
  readonly x: number;
  readonly width: number;
  readonly height: number;
  readonly counts: Record<string, number>;
  readonly faultBands: number;
}

/** Opens a page that records console errors and uncaught page errors. */
async function openPage(browser: Browser, errors: string[]): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page: ${error.message}`));
  return page;
}

async function chartLayout(page: Page, name: string): Promise<ChartLayout> {
  const svg = page.locator(`svg#chart-${name}`);
  const box = await svg.boundingBox();
  assert.ok(box !== null, `chart ${name} is not rendered`);
  const counts: Record<string, number> = {};
  for (const selector of Object.keys(EXPECTED_SERIES[name] ?? {})) {
    counts[selector] = await svg.locator(selector).count();
  }
  return { x: box.x, width: box.width, height: box.height, counts, faultBands: await svg.locator('rect.fault-band').count() };
}

describe('HTML report in Chromium', function () {
  this.timeout(60_000);
  let browser: Browser | null = null;
  let directory: string | null = null;

  before(async function () {
    // The project installs Chromium itself (Debian's package; as root), as .ci/run does.
    this.timeout(APT_INSTALL_TIMEOUT_MS);
    const chromiumPath = ensureAptPackages([{ binary: 'chromium', packageName: 'chromium' }]).get('chromium');
    directory = mkdtempSync(join(tmpdir(), 'poolchaos-report-'));
    browser = await chromium.launch({ ...(chromiumPath === undefined ? {} : { executablePath: chromiumPath }), args: ['--no-sandbox'] });
  });

  after(async () => {
    await browser?.close();
    if (directory !== null) rmSync(directory, { recursive: true, force: true });
  });

  describe('a run report', () => {
    const errors: string[] = [];
    let page: Page;

    before(async () => {
      const file = join(directory!, 'report.html');
      writeFileSync(file, renderHtmlReport(reportJournal()));
      page = await openPage(browser!, errors);
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    });

    it('loads without console errors or page errors (a CSP violation would be one)', () => {
      assert.deepEqual(errors, []);
    });

    it('runs the tooltip script', async () => {
      assert.equal(await page.locator('html').getAttribute('data-tooltips'), 'ready');
    });

    it('renders the four charts with the same x and width, and the expected series elements', async () => {
      const layouts = await Promise.all(CHART_NAMES.map((name) => chartLayout(page, name)));
      const first = layouts[0]!;
      assert.ok(first.width > 0 && first.height > 0, `first chart is ${first.width}×${first.height}`);
      CHART_NAMES.forEach((name, index) => {
        const layout = layouts[index]!;
        assert.deepEqual(
          { x: layout.x, width: layout.width, height: layout.height, counts: layout.counts, faultBands: layout.faultBands },
          { x: first.x, width: first.width, height: first.height, counts: EXPECTED_SERIES[name], faultBands: 2 },
          name,
        );
      });
    });

    it('paints the latency lines from the middle of the first second to the middle of the last', async () => {
      const chart = await page.locator('svg#chart-latency').boundingBox();
      assert.ok(chart !== null);
      const scale = chart.width / 960;
      for (const series of ['series-p50', 'series-p99']) {
        const line = await page.locator(`#chart-latency path.${series}`).boundingBox();
        assert.ok(line !== null && line.height > 0, `${series} has no extent`);
        // 797.4 viewBox units: from x 92.2 (second 0.5) to x 889.6 (second 11.5); stroke caps add 2.
        assert.ok(Math.abs(line.width - (797.4 + 2) * scale) < 1, `${series} is ${line.width} px wide at scale ${scale}`);
      }
    });

    it('shows a tooltip on hover over a chart column and an event tick, and hides it away from them', async () => {
      const tooltip = page.locator('#tooltip');
      const column = page.locator('#chart-latency rect.hover-column').nth(7);
      await column.hover();
      assert.equal(await tooltip.isVisible(), true);
      assert.equal(await tooltip.textContent(), '7 s: p50 210 ms, p99 1480 ms (164 responses)');
      assert.equal(await column.getAttribute('class'), 'hover-column is-hovered');

      await page.locator('#chart-outcomes rect.event-tick.event-worker-exited').first().hover({ force: true });
      assert.equal(
        await tooltip.textContent(),
        'worker-exited at 4.01 s · pool api · workerId=2 · pid=41877 · code=null · signal=SIGKILL · reason=crash · requestsDispatched=812',
      );

      await page.locator('h1').hover();
      assert.equal(await tooltip.isVisible(), false);
      assert.equal(await column.getAttribute('class'), 'hover-column');
      assert.deepEqual(errors, []);
    });

    it('saves a full-page screenshot as the CI artifact', async () => {
      mkdirSync('out', { recursive: true });
      await page.mouse.move(0, 0);
      await page.screenshot({ path: SCREENSHOT_PATH, fullPage: true });
      assert.deepEqual(readFileSync(SCREENSHOT_PATH).subarray(0, 8), PNG_SIGNATURE);
    });
  });

  describe('the JUnit XML', () => {
    it('parses as well-formed XML, hostile text included, with the expected testcases', async () => {
      const journal = reportJournal();
      const hostile: Journal = {
        ...journal,
        status: 'error',
        error: 'bad \u0000 byte ]]> <![CDATA[ & "quotes"',
        scenario: { ...journal.scenario, name: `<script>alert('x')</script> \u0007 \ud800` },
        expectations: [{ expr: 'a < b && c > "d"', actual: null, passed: false, message: '\u001b[31m red' }],
      };
      const xml = renderJunit([journal, hostile]);
      const page = await browser!.newPage();
      const parsed = await page.evaluate(
        `(() => {
          const doc = new DOMParser().parseFromString(${JSON.stringify(xml)}, 'application/xml');
          return [
            doc.getElementsByTagName('parsererror').length,
            doc.getElementsByTagName('testcase').length,
            doc.getElementsByTagName('failure').length,
            doc.getElementsByTagName('error').length,
            doc.getElementsByTagName('testsuite')[1].getAttribute('name'),
          ];
        })()`,
      );
      await page.close();
      assert.deepEqual(parsed, [0, 6, 2, 1, "<script>alert('x')</script> \\u0007 \\uD800"]);
    });
  });

  describe('the suite index page', () => {
    it('loads without errors and links to the run report', async () => {
      const errors: string[] = [];
      const file = join(directory!, 'index.html');
      writeFileSync(file, renderIndexPage([{ journal: reportJournal(), reportHref: 'crash-and-freeze/report.html' }]));
      const page = await openPage(browser!, errors);
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      const href = await page.locator('#scenarios a').getAttribute('href');
      await page.close();
      assert.equal(href, 'crash-and-freeze/report.html');
      assert.deepEqual(errors, []);
    });
  });
});
