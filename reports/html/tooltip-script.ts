/**
 * The one inline script of the HTML report: hover tooltips for every element with `data-tip`. It only
 * reads attributes and sets text (never HTML), guards every lookup so it cannot throw, and marks
 * `<html data-tooltips="ready">` once wired so that a browser test can tell it ran.
 */

/** The script's source, written verbatim into a <script> element (and hashed for the page's CSP). */
export const TOOLTIP_SCRIPT = `(function () {
  'use strict';
  var tip = document.getElementById('tooltip');
  if (!tip) { return; }
  var current = null;
  function findTarget(node) {
    while (node && node.nodeType === 1) {
      if (node.hasAttribute('data-tip')) { return node; }
      node = node.parentNode;
    }
    return null;
  }
  function place(event) {
    var x = event.clientX + 14;
    var y = event.clientY + 14;
    if (x + tip.offsetWidth > window.innerWidth - 8) { x = Math.max(8, event.clientX - tip.offsetWidth - 14); }
    if (y + tip.offsetHeight > window.innerHeight - 8) { y = Math.max(8, event.clientY - tip.offsetHeight - 14); }
    tip.style.left = x + 'px';
    tip.style.top = y + 'px';
  }
  function hide() {
    if (current) { current.classList.remove('is-hovered'); }
    current = null;
    tip.hidden = true;
  }
  function show(target, event) {
    if (current && current !== target) { current.classList.remove('is-hovered'); }
    current = target;
    target.classList.add('is-hovered');
    tip.textContent = target.getAttribute('data-tip') || '';
    tip.hidden = false;
    place(event);
  }
  document.addEventListener('mouseover', function (event) {
    var target = findTarget(event.target);
    if (target) { show(target, event); } else { hide(); }
  });
  document.addEventListener('mousemove', function (event) {
    if (current) { place(event); }
  });
  document.documentElement.addEventListener('mouseleave', hide);
  document.documentElement.setAttribute('data-tooltips', 'ready');
})();`;
