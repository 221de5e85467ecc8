/** Throughput over time: completions per second per operation type, faults shaded and named. */
import type { ReportView } from '../report-view.js';

export const throughputView: ReportView = {
  id: 'throughput',
  nav: 'Throughput',
  heading: 'Throughput over time (completions per second), per operation type',
  markup: '<div class="legend" id="throughput-legend"></div><div class="canvas-box"><canvas id="throughput-canvas" data-chart="throughput"></canvas></div>',
  hasContent: (data) => data.ops.type.some((type) => type !== 3),
  mount: (kit) => {
    const { data, ops, el } = kit;
    const canvas = kit.$('throughput-canvas') as HTMLCanvasElement;
    const seriesColors = ['#1e88e5', '#43a047', '#fb8c00', '#8e24aa', '#e53935', '#00897b', '#6d4c41', '#3949ab'];
    kit.$('throughput-legend').append(...data.fs.map((f, k) => el('span', { class: 'key line', style: `--c:${seriesColors[k % seriesColors.length]}` }, f)));
    kit.addChart(() => {
      const view = kit.view();
      const widthPx = Math.max(300, canvas.parentElement!.clientWidth);
      const bucketCount = Math.max(10, Math.min(120, Math.floor((widthPx - 64) / 8)));
      const bucketMs = (view.toMs - view.fromMs) / bucketCount;
      const series = data.fs.map(() => new Array<number>(bucketCount).fill(0));
      for (let i = 0; i < kit.opCount; i++) {
        if (ops.type[i] === 3) continue;
        const b = Math.floor((ops.endMs[i] - view.fromMs) / bucketMs);
        if (b >= 0 && b < bucketCount) series[ops.f[i]][b] += 1;
      }
      let rateMax = 1;
      for (const s of series) for (const count of s) rateMax = Math.max(rateMax, count / (bucketMs / 1000));
      const { context, plot, yOf } = kit.canvas.drawRateFrame(canvas, view, rateMax, 170);
      series.forEach((s, k) => {
        context.strokeStyle = seriesColors[k % seriesColors.length];
        context.lineWidth = 1.5;
        context.beginPath();
        s.forEach((count, b) => {
          const x = kit.canvas.xOf(plot, plot.fromMs + (b + 0.5) * bucketMs);
          const y = yOf(count / (bucketMs / 1000));
          if (b === 0) context.moveTo(x, y);
          else context.lineTo(x, y);
        });
        context.stroke();
      });
      context.lineWidth = 1;
    }, false);
  },
};
