/**
 * The reports' inline stylesheet. No web fonts and no url() references: the pages must render the
 * same offline. Series colours live here, by class, so that the SVG carries classes only.
 */

/** Series class → colour, for bars, lines, dots and legend swatches alike. */
const SERIES_COLORS: Readonly<Record<string, string>> = {
  'series-served': '#2e9e5b',
  'series-rejected': '#e0a100',
  'series-lost': '#d1343b',
  'series-p50': '#3b6fd8',
  'series-p99': '#8b3fd1',
  'series-starting': '#7fb3ff',
  'series-ready': '#2e9e5b',
  'series-draining': '#9aa5b1',
  'series-unresponsive': '#e07b00',
  'series-orphaned': '#8c1d40',
  'series-queue-depth': '#0f766e',
};

const SERIES_CSS = Object.entries(SERIES_COLORS)
  .map(([className, color]) => `.${className}{fill:${color};stroke:${color};background:${color}}`)
  .join('\n');

const BASE_CSS = `
*{box-sizing:border-box}
body{margin:0;background:#f6f7f9;color:#1f2933;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1000px;margin:0 auto;padding:24px 20px 48px}
h1{font-size:24px;margin:0 0 8px;display:flex;align-items:center;gap:12px;flex-wrap:wrap;overflow-wrap:anywhere}
h2{font-size:18px;margin:32px 0 10px;padding-bottom:4px;border-bottom:1px solid #d8dde3}
h3{font-size:15px;margin:18px 0 8px}
code{font:12.5px/1.3 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#eef1f4;padding:1px 4px;border-radius:3px;overflow-wrap:anywhere}
.description{margin:4px 0 12px;color:#3e4c59}
.facts{display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));gap:6px 18px;margin:12px 0}
.facts div{background:#fff;border:1px solid #e1e5ea;border-radius:6px;padding:6px 10px}
.facts dt{font-size:11px;text-transform:uppercase;letter-spacing:.04em;color:#616e7c}
.facts dd{margin:0;overflow-wrap:anywhere}
.facts .broken-protection{border-color:#e07b00;background:#fff6e8}
.run-error{background:#fdecec;border:1px solid #d1343b;border-radius:6px;padding:10px 12px;white-space:pre-wrap;overflow-wrap:anywhere}
.badge{display:inline-block;white-space:nowrap;font-size:12px;font-weight:600;line-height:1;padding:4px 8px;border-radius:999px;color:#fff;text-transform:uppercase;letter-spacing:.03em}
.badge-passed{background:#2e9e5b}.badge-failed{background:#d1343b}.badge-error{background:#6b2d5c}
table{border-collapse:collapse;width:100%;background:#fff;border:1px solid #e1e5ea;font-size:13px}
th,td{text-align:left;padding:5px 8px;border-bottom:1px solid #eef1f4;vertical-align:top;overflow-wrap:break-word}
th{background:#f0f3f6;font-weight:600}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.expectation-failed td,tr.disagreement td,tr.fault-failed td{background:#fff1f1}
tr.disagreement td{background:#fff4e0}
tr.detail td:first-child{padding-left:26px;color:#52606d}
.note{color:#52606d;font-size:13px}
a{color:#2457c5}
.chart-figure{margin:0 0 14px;background:#fff;border:1px solid #e1e5ea;border-radius:6px;padding:8px 8px 2px}
.chart-figure figcaption{display:flex;justify-content:space-between;gap:12px;flex-wrap:wrap;font-weight:600;margin:0 4px 2px}
svg.chart{display:block;max-width:100%;height:auto;overflow:visible}
.legend{display:inline-flex;flex-wrap:wrap;gap:4px 14px;font-size:12px;font-weight:400;color:#3e4c59}
.overlay-legend{margin:0 0 10px}
.legend-item{display:inline-flex;align-items:center;gap:5px}
.swatch{display:inline-block;width:12px;height:12px;border-radius:2px;background:#9ca3af;vertical-align:-1px;margin-right:4px}
.swatch.phase-before{background:#dbe7fb}.swatch.phase-after{background:#d7f0e3}
.swatch.fault-band{background:rgba(209,52,59,.3);border:1px solid #d1343b}
.grid-line{stroke:#eceff3;stroke-width:1}
.axis-line{stroke:#9aa5b1;stroke-width:1}
.axis-label{font-size:10px;fill:#616e7c}
.phase{stroke:none}.phase-before{fill:rgba(59,130,246,.08)}.phase-after{fill:rgba(16,185,129,.09)}
rect.bar{stroke:none}
path.line{fill:none;stroke-width:2;stroke-linejoin:round;stroke-linecap:round}
.series-point{stroke:none}
.fault-band{fill:rgba(209,52,59,.13);stroke:rgba(209,52,59,.7);stroke-width:1}
.fault-band.fault-not-injected{fill:none;stroke-dasharray:4 3}
.fault-label{font-size:10px;font-weight:600;fill:#b42318}
.event-tick{fill:#9ca3af}
.hover-column{fill:transparent}
.hover-column.is-hovered{fill:rgba(31,41,51,.07)}
#tooltip{position:fixed;z-index:10;max-width:440px;padding:6px 9px;border-radius:5px;background:#1f2933;color:#fff;font-size:12px;pointer-events:none;white-space:pre-wrap;overflow-wrap:anywhere;box-shadow:0 2px 8px rgba(0,0,0,.25)}
#tooltip[hidden]{display:none}
.verdict{font-size:16px;margin:6px 0 16px;display:flex;gap:10px;align-items:center}
`;

/** The stylesheet of every report page, plus the given extra rules (event colours). */
export function reportStyles(extraRules: string): string {
  return `${BASE_CSS}${SERIES_CSS}\n${extraRules}\n`;
}
