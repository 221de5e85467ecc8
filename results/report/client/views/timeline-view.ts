/** The main timeline: one row per client thread, each op a bar coloured by outcome, faults named above. */
import type { ReportView } from '../report-view.js';

export const timelineView: ReportView = {
  id: 'timeline',
  nav: 'Timeline',
  heading: 'Timeline: operations per process',
  markup: `<div class="controls"><button id="reset-zoom">reset zoom</button> <button id="zoom-out">zoom out</button> <span id="zoom-label"></span><span class="hint">drag across a chart to zoom (all time charts follow) · hover an operation for details · click to pin them (Esc closes)</span></div>
<div class="legend" id="timeline-legend"></div>
<div class="canvas-box"><canvas id="timeline-canvas" data-chart="timeline"></canvas></div>`,
  hasContent: () => true,
  mount: (kit) => {
    const { data, ops, el, $ } = kit;
    $('timeline-legend').append(
      ...kit.outcomeNames.map((name, k) => el('span', { class: 'key', style: `--c:${kit.outcomeColors[k]}` }, name === 'pending' ? 'never completed' : name)),
      el('span', { class: 'key outline', style: `--c:${kit.colors.violation}` }, (kit.data.minimalHistory?.ops.length ?? 0) > 0 ? 'blamed by a checker, or in the minimal history' : 'blamed by a checker'),
      ...kit.faultNames.map((name) => el('span', { class: 'key faint', style: `--c:${kit.faultColor(name)}` }, `fault: ${name}`)),
      el('span', { class: 'hint' }, 'where ops are narrower than a pixel, each pixel column shows the share of each outcome (ok on top)'),
    );
    if (data.rowLabels.length > 0 && data.rowLabels[0].startsWith('t')) {
      $('timeline-legend').append(el('span', { class: 'hint' }, `rows: client threads t0…t${data.rowLabels.length - 1} (process mod concurrency: a process replaced after info continues its thread); ${data.processes.length} processes`));
    }
    const draw = kit.intervalChart({
      canvas: $('timeline-canvas') as HTMLCanvasElement,
      rowLabels: data.rowLabels,
      opsDrawn: Array.from({ length: kit.opCount }, (_, i) => i),
      rowOfOp: (i) => ops.row[i],
      palette: kit.outcomeNames.map((name, k) => ({ name, color: kit.outcomeColors[k], alpha: name === 'pending' ? 0.45 : 1 })),
      colorIndexOf: (i) => ops.type[i],
      labelOf: (i) => `${data.fs[ops.f[i]]} ${ops.invokeValue[i]}`,
      getRange: kit.view,
      setRange: kit.setView,
      tooltipOf: kit.opLines,
      heightMaxPx: 560,
    });
    kit.addChart(draw, true);
    $('reset-zoom').onclick = () => kit.setView(kit.fullRange.fromMs, kit.fullRange.toMs);
    $('zoom-out').onclick = () => {
      const view = kit.view();
      const middle = (view.fromMs + view.toMs) / 2;
      const half = (view.toMs - view.fromMs) * 2;
      kit.setView(middle - half, middle + half);
    };
  },
};
