/**
 * The reports' inline stylesheet. No web fonts and no url() references: the pages must render the
 * same offline. The charts' series colours travel with their data (chart-series.ts); the swatches
 * here are the overlay legend's and the events table's.
 */

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
.chart-figure figcaption{font-weight:600;margin:0 4px 2px}
.chart-plot{min-height:236px}
.chart-plot table.u-legend{width:auto;border:0;background:none;font-size:12px;color:#3e4c59;margin:0 auto 4px}
.chart-plot .u-legend th,.chart-plot .u-legend td{background:none;border:0;padding:1px 3px}
.chart-plot .u-legend .u-series th{cursor:default}
.chart-plot .u-legend .u-value{font-variant-numeric:tabular-nums;min-width:4.5em;text-align:left}
.chart-unavailable{margin:6px 4px 8px}
.legend{display:inline-flex;flex-wrap:wrap;gap:4px 14px;font-size:12px;font-weight:400;color:#3e4c59}
.overlay-legend{margin:0 0 10px}
.legend-item{display:inline-flex;align-items:center;gap:5px}
.swatch{display:inline-block;width:12px;height:12px;border-radius:2px;background:#9ca3af;vertical-align:-1px;margin-right:4px}
.swatch.phase-before{background:#dbe7fb}.swatch.phase-after{background:#d7f0e3}
.swatch.fault-band{background:rgba(209,52,59,.3);border:1px solid #d1343b}
.swatch.fault-not-injected{background:none;border:1px dashed #d1343b}
#tooltip{position:fixed;z-index:10;max-width:440px;padding:6px 9px;border-radius:5px;background:#1f2933;color:#fff;font-size:12px;pointer-events:none;white-space:pre-wrap;overflow-wrap:anywhere;box-shadow:0 2px 8px rgba(0,0,0,.25)}
#tooltip[hidden]{display:none}
.verdict{font-size:16px;margin:6px 0 16px;display:flex;gap:10px;align-items:center}
`;

/** The stylesheet of every report page, plus the given extra rules (uPlot's stylesheet, event colours). */
export function reportStyles(extraRules: string): string {
  return `${BASE_CSS}\n${extraRules}\n`;
}
