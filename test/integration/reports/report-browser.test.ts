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

/** What a chart shows under the cursor: its index, x value, and its legend's values (the x first). */
interface CursorReading {
  readonly idx: number | null;
  readonly x: number | null;
  readonly legend: readonly string[];
}

interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
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

/** The plot area (uPlot's `.u-over`) of a chart, scrolled into view, in viewport pixels. */
async function plotBox(page: Page, name: string): Promise<Box> {
  const over = page.locator(`#chart-${name} .u-over`);
  await over.scrollIntoViewIfNeeded();
  const box = await over.boundingBox();
  assert.ok(box !== null, `chart ${name} has no plot area`);
  return box;
}

/** The page x of a moment (seconds since load start) in a plot area showing 0 to `durationS`. */
function xAt(box: Box, seconds: number, durationS: number): number {
  return box.x + (box.width * seconds) / durationS;
}

async function cursorReadings(page: Page): Promise<CursorReading[]> {
  return page.evaluate<CursorReading[]>(
    `${JSON.stringify(CHART_NAMES)}.map((name) => {
      const u = window.poolchaosCharts[name];
      const legend = [...document.querySelectorAll('#chart-' + name + ' .u-legend .u-value')].map((cell) => cell.textContent);
      return { idx: u.cursor.idx, x: u.cursor.idx == null ? null : u.data[0][u.cursor.idx], legend };
    })`,
  );
}

async function xScales(page: Page): Promise<[number, number][]> {
  return page.evaluate<[number, number][]>(
    `${JSON.stringify(CHART_NAMES)}.map((name) => [window.poolchaosCharts[name].scales.x.min, window.poolchaosCharts[name].scales.x.max])`,
  );
}

/**
 * Polls a page expression until it is true. (The page's CSP forbids eval, which waitForFunction with
 * a string uses; page.evaluate is not subject to it.)
 */
async function waitUntil(page: Page, expression: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate<boolean>(expression))) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${expression}`);
    await page.waitForTimeout(25);
  }
}

/**
 * A chart canvas's pixel [r, g, b, a] at a moment, `fromTopPx` CSS pixels below (or, negative, above)
 * the plot's top. The canvas is transparent where nothing is painted.
 */
async function pixelAt(page: Page, name: string, seconds: number, fromTopPx: number): Promise<[number, number, number, number]> {
  return page.evaluate<[number, number, number, number]>(
    `(() => {
      const u = window.poolchaosCharts[${JSON.stringify(name)}];
      const x = Math.round(u.valToPos(${seconds}, 'x', true));
      const y = Math.round(u.bbox.top + ${fromTopPx} * uPlot.pxRatio);
      return [...u.ctx.getImageData(x, y, 1, 1).data];
    })()`,
  );
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
    const durationS = 12.25;
    let page: Page;

    before(async () => {
      const file = join(directory!, 'report.html');
      writeFileSync(file, renderHtmlReport(reportJournal()));
      page = await openPage(browser!, errors);
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      await page.locator('html[data-charts="ready"]').waitFor({ state: 'attached', timeout: 10_000 });
    });

    it('loads without console errors or page errors (a CSP violation would be one)', () => {
      assert.deepEqual(errors, []);
    });

    it('builds the four uPlot charts on one x axis, their plot areas at the same x and width', async () => {
      assert.deepEqual(await page.evaluate<string[]>('Object.keys(window.poolchaosCharts)'), [...CHART_NAMES]);
      const boxes = await Promise.all(CHART_NAMES.map((name) => plotBox(page, name)));
      const first = boxes[0]!;
      assert.ok(first.width > 800 && first.height > 100, `first plot area is ${first.width}×${first.height}`);
      for (const box of boxes) assert.deepEqual([box.x, box.width, box.height], [first.x, first.width, first.height]);
      assert.deepEqual(
        await xScales(page),
        CHART_NAMES.map(() => [0, durationS]),
      );
      for (const name of CHART_NAMES) assert.equal(await page.locator(`#chart-${name} canvas`).count(), 1, name);
    });

    it('stacks the bars layer on layer and keeps the gaps as nulls', async () => {
      const data = await page.evaluate<Record<string, (number | null)[][]>>(
        `Object.fromEntries(Object.entries(window.poolchaosCharts).map(([name, u]) => [name, u.data.slice(1)]))`,
      );
      assert.deepEqual(data['outcomes']?.[2], [196, 200, 200, 200, 191, 197, 176, 164, 214, 200, 200, 199]);
      assert.deepEqual(data['workers']?.[1], [null, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3]);
      assert.deepEqual(data['workers']?.[4], [null, 3, 3, 3, 3, 3, 3, 3, 3, 3, 4, 3]);
      assert.deepEqual(data['queue-depth']?.[0], [null, 0, 0, 0, 6, 1, 14, 25, 3, 0, 0, 0]);
    });

    it('paints the steady-state windows, the fault bands and the event marks on the canvas', async () => {
      // Translucent fills on a transparent canvas read back as their own colour with a low alpha.
      const before = await pixelAt(page, 'latency', 1.3, 6);
      assert.ok(before[3] > 0 && before[3] < 64 && before[2] - before[0] > 100, `before window is ${before.join(',')}`);
      assert.deepEqual(await pixelAt(page, 'latency', 4.6, 6), [0, 0, 0, 0]);
      const freeze = await pixelAt(page, 'latency', 6.8, 6);
      assert.ok(freeze[3] > 0 && freeze[3] < 64 && freeze[0] - freeze[1] > 100, `freeze band is ${freeze.join(',')}`);
      // worker-ready at 5.15 s, alone in the strip above the plot: #1f9d55.
      assert.deepEqual(await pixelAt(page, 'queue-depth', 5.15, -5), [0x1f, 0x9d, 0x55, 255]);
    });

    it('moves the cursor on all four charts to the same second, with its values in each legend', async () => {
      const first = await plotBox(page, 'outcomes');
      await page.mouse.move(xAt(first, 7.3, durationS), first.y + first.height / 2);
      await waitUntil(page, `Object.values(window.poolchaosCharts).every((u) => u.cursor.idx === 7)`);
      assert.deepEqual(await cursorReadings(page), [
        { idx: 7, x: 7.5, legend: ['7–8 s', '150', '12', '2'] },
        { idx: 7, x: 7.5, legend: ['7–8 s', '210 ms', '1480 ms'] },
        { idx: 7, x: 7.5, legend: ['7–8 s', '1', '2', '0', '0', '0'] },
        { idx: 7, x: 7.5, legend: ['7–8 s', '25'] },
      ]);
      assert.deepEqual(errors, []);
    });

    it('shows the fault and events under the pointer in the tooltip, and hides it away from them', async () => {
      const tooltip = page.locator('#tooltip');
      const latency = await plotBox(page, 'latency');
      await page.mouse.move(xAt(latency, 4.015, durationS), latency.y + latency.height / 2);
      await tooltip.waitFor({ state: 'visible', timeout: 5000 });
      assert.equal(
        await tooltip.textContent(),
        [
          'fault 0 crash on api/random ×1 at 4.01 s, instantaneous',
          'worker-exited at 4.01 s · pool api · workerId=2 · pid=41877 · code=null · signal=SIGKILL · reason=crash · requestsDispatched=812',
          'failure-counted at 4.02 s · pool api · workerId=2 · pid=41877 · reason=crash · failuresInWindow=1 · limit=5',
          'worker-spawned at 4.02 s · pool api · workerId=4 · pid=41902 · reason=crash',
        ].join('\n'),
      );
      await page.mouse.move(xAt(latency, 2.5, durationS), latency.y + latency.height / 2);
      assert.equal(await tooltip.isVisible(), false);
      await page.locator('h1').hover();
      assert.equal(await tooltip.isVisible(), false);
      assert.deepEqual(errors, []);
    });

    it('zooms all four charts to the same x range with one drag, and back out with a double click', async () => {
      const latency = await plotBox(page, 'latency');
      const y = latency.y + latency.height / 2;
      await page.mouse.move(xAt(latency, 3, durationS), y);
      await page.mouse.down();
      await page.mouse.move(xAt(latency, 8, durationS), y, { steps: 8 });
      await page.mouse.up();
      await waitUntil(page, `Object.values(window.poolchaosCharts).every((u) => u.scales.x.max < ${durationS})`);
      const zoomed = await xScales(page);
      const [min, max] = zoomed[0]!;
      for (const scale of zoomed) assert.deepEqual(scale, [min, max]);
      assert.ok(Math.abs(min - 3) < 0.05 && Math.abs(max - 8) < 0.05, `zoomed to ${min}–${max}`);

      const queue = await plotBox(page, 'queue-depth');
      await page.mouse.dblclick(queue.x + queue.width / 2, queue.y + queue.height / 2);
      await waitUntil(page, `Object.values(window.poolchaosCharts).every((u) => u.scales.x.max === ${durationS})`);
      assert.deepEqual(
        await xScales(page),
        CHART_NAMES.map(() => [0, durationS]),
      );
      assert.deepEqual(errors, []);
    });

    it('saves a full-page screenshot as the CI artifact', async () => {
      mkdirSync('out', { recursive: true });
      await page.mouse.move(0, 0);
      await page.screenshot({ path: SCREENSHOT_PATH, fullPage: true });
      assert.deepEqual(readFileSync(SCREENSHOT_PATH).subarray(0, 8), PNG_SIGNATURE);
      assert.deepEqual(errors, []);
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
