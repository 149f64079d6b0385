/**
 * The part of the chart script that paints the overlays on each uPlot canvas through its hooks (the
 * steady-state windows under the series in `drawClear`; fault bands, fault labels and event ticks
 * over them in `draw`, in the strip above the plot), and shows the text of the bands and marks under
 * the pointer in the page's `#tooltip` (as text, never HTML). A JavaScript fragment that defines
 * `createOverlays(model, tip)`, which chart-script.ts wraps.
 */

/** The fragment's source. */
export const CHART_OVERLAY_SCRIPT = String.raw`
  var PHASE_FILLS = { before: 'rgba(59,130,246,.08)', after: 'rgba(16,185,129,.09)' };
  var FAULT_FILL = 'rgba(209,52,59,.13)';
  var FAULT_STROKE = 'rgba(209,52,59,.7)';
  var FAULT_LABEL = '#b42318';
  var MIN_BAND_PX = 2;
  var TICK_WIDTH_PX = 3;
  var TICK_HEIGHT_PX = 9;
  var HOVER_PX = 4;

  function createOverlays(model, tip) {
    var hovered = null;

    function paint(u, draw) {
      var ctx = u.ctx;
      var box = u.bbox;
      var ratio = uPlot.pxRatio;
      ctx.save();
      ctx.beginPath();
      ctx.rect(box.left, 0, box.width, box.top + box.height);
      ctx.clip();
      draw(ctx, box, ratio);
      ctx.restore();
    }

    function span(u, fromS, toS, ratio) {
      var left = u.valToPos(fromS, 'x', true);
      var width = u.valToPos(toS, 'x', true) - left;
      var minWidth = MIN_BAND_PX * ratio;
      return width >= minWidth ? { left: left, width: width } : { left: left - minWidth / 2, width: minWidth };
    }

    function drawPhases(u) {
      paint(u, function (ctx, box, ratio) {
        model.phases.forEach(function (phase) {
          var band = span(u, phase.fromS, phase.toS, ratio);
          ctx.fillStyle = PHASE_FILLS[phase.phase] || 'transparent';
          ctx.fillRect(band.left, box.top, band.width, box.height);
        });
      });
    }

    function drawFaults(u) {
      paint(u, function (ctx, box, ratio) {
        ctx.lineWidth = ratio;
        ctx.font = '600 ' + 10 * ratio + 'px system-ui, sans-serif';
        ctx.textBaseline = 'top';
        model.faults.forEach(function (fault, position) {
          var band = span(u, fault.fromS, fault.toS, ratio);
          ctx.setLineDash(fault.isInjected ? [] : [4 * ratio, 3 * ratio]);
          if (fault.isInjected) {
            ctx.fillStyle = FAULT_FILL;
            ctx.fillRect(band.left, box.top, band.width, box.height);
          }
          ctx.strokeStyle = FAULT_STROKE;
          ctx.strokeRect(band.left + ratio / 2, box.top + ratio / 2, band.width - ratio, box.height - ratio);
          ctx.fillStyle = FAULT_LABEL;
          ctx.fillText(fault.label, band.left + 3 * ratio, (position % 2 === 0 ? 1 : 12) * ratio);
        });
        ctx.setLineDash([]);
      });
    }

    function drawEvents(u) {
      paint(u, function (ctx, box, ratio) {
        var width = TICK_WIDTH_PX * ratio;
        var height = TICK_HEIGHT_PX * ratio;
        model.events.forEach(function (mark) {
          ctx.fillStyle = mark.color;
          ctx.fillRect(u.valToPos(mark.atS, 'x', true) - width / 2, box.top - height - ratio, width, height);
        });
      });
    }

    function textsUnderCursor(u) {
      var left = u.cursor.left;
      if (left == null || left < 0) { return []; }
      var atS = u.posToVal(left, 'x');
      var toleranceS = (HOVER_PX * (u.scales.x.max - u.scales.x.min)) / (u.bbox.width / uPlot.pxRatio);
      var texts = [];
      model.faults.forEach(function (fault) {
        if (atS >= fault.fromS - toleranceS && atS <= fault.toS + toleranceS) { texts.push(fault.text); }
      });
      model.events.forEach(function (mark) {
        if (Math.abs(mark.atS - atS) <= toleranceS) { texts.push(mark.text); }
      });
      return texts;
    }

    function hideTip() {
      if (tip) { tip.hidden = true; }
    }

    function showTip(u) {
      var texts = textsUnderCursor(u);
      if (!tip || texts.length === 0) { hideTip(); return; }
      tip.textContent = texts.join('\n');
      tip.hidden = false;
      var rect = u.over.getBoundingClientRect();
      var x = rect.left + u.cursor.left + 14;
      var y = rect.top + u.cursor.top + 14;
      if (x + tip.offsetWidth > window.innerWidth - 8) { x = Math.max(8, x - tip.offsetWidth - 28); }
      if (y + tip.offsetHeight > window.innerHeight - 8) { y = Math.max(8, y - tip.offsetHeight - 28); }
      tip.style.left = x + 'px';
      tip.style.top = y + 'px';
    }

    return {
      hooks: {
        drawClear: [drawPhases],
        draw: [drawFaults, drawEvents],
        setCursor: [function (u) { if (u === hovered) { showTip(u); } }],
      },
      track: function (u) {
        u.over.addEventListener('mouseenter', function () { hovered = u; });
        u.over.addEventListener('mouseleave', function () { if (hovered === u) { hovered = null; } hideTip(); });
      },
    };
  }
`;
