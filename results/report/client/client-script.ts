/**
 * The page script of report.html: the kit's parts and each view's mount, inlined as their
 * source text (no bundler, no fetch: the page stays one file that opens offline). A view
 * that throws shows its error in its own section and leaves the others drawn.
 */
import { createCanvasKit } from './canvas-kit.js';
import { createIntervalChart } from './interval-chart.js';
import { createKit } from './kit.js';
import type { ReportView } from './report-view.js';

/** Script text; expects `data` (the ReportData) in scope. */
export function clientScript(views: readonly ReportView[]): string {
  const mounts = views.map((view) => `  mount(${JSON.stringify(view.id)}, ${view.mount.toString()});`).join('\n');
  const script = `
var kit = (${createKit.toString()})(data);
kit.canvas = (${createCanvasKit.toString()})(kit);
kit.intervalChart = (${createIntervalChart.toString()})(kit);
var failures = [];
function mount(id, view) {
  var section = document.getElementById(id);
  var startMs = performance.now();
  try { view(kit, section); performance.measure('view ' + id, { start: startMs }); }
  catch (error) {
    failures.push(id);
    console.error('report view ' + id + ' failed:', error);
    var box = document.createElement('pre');
    box.className = 'view-error';
    box.textContent = 'This part of the report failed to draw: ' + (error && error.stack || error);
    section.append(box);
  }
}
${mounts}
var drawStartMs = performance.now();
kit.setView(kit.fullRange.fromMs, kit.fullRange.toMs);
performance.measure('charts drawn', { start: drawStartMs });
if (failures.length > 0) throw new Error('report views failed: ' + failures.join(', '));
`;
  // Programmer error, not input: page code that would end the <script> element early.
  if (/<\/script|<!--/i.test(script)) throw new Error('report client code contains </script> or <!--');
  return script;
}
