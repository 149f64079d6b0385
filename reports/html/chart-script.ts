/**
 * The report's own inline script: it builds one uPlot chart per available chart from the page's
 * `#chart-data` block (see chart-model.ts) into `#chart-<name>`. All charts share one x scale
 * (seconds since load start, 0 to the run's length). The cursor is synced (uPlot `cursor.sync`, one
 * key, publishing mouse moves only). A drag on any chart zooms all of them: its `setScale` hook
 * gives the others its exact x min and max (uPlot's own selection sync would re-derive each range
 * through pixels, which need not agree to the last bit); a double click zooms all back out. Legends
 * show the values under the cursor, stacked bars each layer's own value; a click does not hide a
 * series (that would leave the layers above it floating). The charts are exposed as
 * `window.poolchaosCharts` (name → uPlot) and `<html data-charts="ready">` is set once they are built.
 */
import { CHART_OVERLAY_SCRIPT } from './chart-overlay-script.ts';

const CHART_BUILD_SCRIPT = String.raw`
  var SYNC_KEY = 'poolchaos-timeline';
  var CHART_HEIGHT_PX = 236;
  var PLOT_TOP_PX = 35;

  function formatValue(value, unit) {
    if (value == null || !isFinite(value)) { return '—'; }
    var rounded = String(Math.round(value * 100) / 100);
    return unit ? rounded + ' ' + unit : rounded;
  }

  function formatSecond(x) {
    if (x == null) { return '—'; }
    var second = Math.floor(x);
    return second + '–' + (second + 1) + ' s';
  }

  function decimals(step) {
    return step > 0 && step < 1 ? Math.ceil(-Math.log10(step) - 1e-9) : 0;
  }

  function stacked(series) {
    var sums = [];
    return series.map(function (one) {
      return one.values.map(function (value, index) {
        if (value == null) { return null; }
        sums[index] = (sums[index] || 0) + value;
        return sums[index];
      });
    });
  }

  function lonePoints(values) {
    var lone = [];
    values.forEach(function (value, index) {
      if (value != null && values[index - 1] == null && values[index + 1] == null) { lone.push(index); }
    });
    return lone;
  }

  function seriesOptions(chart) {
    var isBars = chart.kind === 'stacked-bars';
    var bars = isBars ? uPlot.paths.bars({ size: [0.9, 200], gap: 0 }) : null;
    return chart.series.map(function (one) {
      var options = {
        label: one.label,
        stroke: one.color,
        width: isBars ? 0 : 2,
        value: function (u, raw, seriesIdx, idx) { return formatValue(idx == null ? null : one.values[idx], chart.unit); },
      };
      if (isBars) {
        options.fill = one.color;
        options.paths = bars;
        options.points = { show: false };
      } else {
        var lone = lonePoints(one.values);
        options.points = { show: false, size: 6, fill: one.color, filter: function () { return lone; } };
      }
      return options;
    });
  }

  function chartOptions(chart, model, width, zoomAll, overlays) {
    var series = seriesOptions(chart);
    var isBars = chart.kind === 'stacked-bars';
    return {
      width: width,
      height: CHART_HEIGHT_PX,
      padding: [PLOT_TOP_PX, 18, 0, 0],
      legend: { live: true },
      scales: {
        x: { time: false, min: 0, max: model.durationS, range: function (u, min, max) { return [min, max]; } },
        y: {
          range: function (u, min, max) {
            return [0, max == null || !(max > 0) ? 1 : uPlot.rangeNum(0, max, 0.1, true)[1]];
          },
        },
      },
      axes: [
        {
          space: 60,
          values: function (u, splits, axisIdx, space, step) {
            return splits.map(function (v) { return v.toFixed(decimals(step)) + ' s'; });
          },
        },
        {
          size: 56,
          values: function (u, splits, axisIdx, space, step) {
            return splits.map(function (v) { return String(Number(v.toFixed(decimals(step)))); });
          },
        },
      ],
      series: [{ label: 'second', value: function (u, x) { return formatSecond(x); } }].concat(series),
      bands: isBars ? series.slice(1).map(function (_, index) { return { series: [index + 2, index + 1] }; }) : [],
      cursor: {
        sync: { key: SYNC_KEY, scales: ['x', null], filters: { pub: function (type) { return type === 'mousemove'; } } },
        drag: { x: true, y: false, setScale: true },
        bind: {
          dblclick: function () { return function () { zoomAll(0, model.durationS); return null; }; },
          click: function () { return null; },
        },
      },
      hooks: {
        drawClear: overlays.hooks.drawClear,
        draw: overlays.hooks.draw,
        setCursor: overlays.hooks.setCursor,
        setScale: [function (u, key) { if (key === 'x') { zoomAll(u.scales.x.min, u.scales.x.max); } }],
      },
    };
  }

  function build() {
    var block = document.getElementById('chart-data');
    if (!block || typeof uPlot !== 'function') { return; }
    var model = JSON.parse(block.textContent || '{}');
    var overlays = createOverlays(model, document.getElementById('tooltip'));
    var plots = [];
    var byName = {};
    function zoomAll(min, max) {
      plots.forEach(function (plot) {
        if (plot.scales.x.min !== min || plot.scales.x.max !== max) { plot.setScale('x', { min: min, max: max }); }
      });
    }
    model.charts.forEach(function (chart) {
      var target = document.getElementById('chart-' + chart.name);
      if (!chart.isAvailable || !target) { return; }
      var data = [model.x].concat(chart.kind === 'stacked-bars' ? stacked(chart.series) : chart.series.map(function (one) { return one.values; }));
      var plot = new uPlot(chartOptions(chart, model, target.clientWidth, zoomAll, overlays), data, target);
      overlays.track(plot);
      plots.push(plot);
      byName[chart.name] = plot;
    });
    window.addEventListener('resize', function () {
      plots.forEach(function (plot) {
        var target = plot.root.parentNode;
        if (target && target.clientWidth !== plot.width) { plot.setSize({ width: target.clientWidth, height: CHART_HEIGHT_PX }); }
      });
    });
    window.poolchaosCharts = byName;
    document.documentElement.setAttribute('data-charts', 'ready');
  }
`;

/** The script's source, written verbatim into a <script> element (and hashed for the page's CSP). */
export const CHART_SCRIPT = `(function () {\n  'use strict';${CHART_OVERLAY_SCRIPT}${CHART_BUILD_SCRIPT}\n  build();\n})();`;
