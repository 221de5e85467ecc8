/**
 * A small Maelstrom run's messages as a Lamport diagram (Maelstrom's messages.svg, turned on its
 * side so it shares the time axis and zoom of the other charts): a row per node, client and
 * service, each message an arrow from its sender's row at the send to its receiver's row at the
 * receipt. A message that never arrived ends in a cross just past its send. Types are written on
 * the arrows once few enough are in view.
 */
import type { Plot, ReportView } from '../report-view.js';

export const lamportView: ReportView = {
  id: 'lamport',
  nav: 'Lamport',
  heading: 'Messages as a Lamport diagram (send to receipt; a cross: never arrived)',
  markup: '<div class="canvas-box"><canvas id="lamport-canvas" data-chart="lamport"></canvas></div>',
  hasContent: (data) => data.messages !== null && data.messages.arrows !== null && data.messages.arrows.length > 0,
  mount: (kit) => {
    const flow = kit.data.messages!;
    const arrows = flow.arrows!;
    const canvas = kit.$('lamport-canvas') as HTMLCanvasElement;
    const rowHeightPx = 26;
    kit.addChart(() => {
      const view = kit.view();
      const widthPx = Math.max(300, canvas.parentElement!.clientWidth);
      const measure = canvas.getContext('2d')!;
      const gutter = kit.canvas.gutterFor(measure, flow.endpoints, 56);
      const provisional: Plot = { left: gutter, top: 0, width: widthPx - gutter - 8, height: 0, ...view };
      const lanes = kit.canvas.faultLanes(measure, provisional);
      const bandTop = 17;
      const top = bandTop + kit.canvas.faultBandHeight(lanes.laneCount) + 10;
      const plotHeightPx = rowHeightPx * flow.endpoints.length;
      const context = kit.canvas.prepareCanvas(canvas, top + plotHeightPx + 8);
      const plot: Plot = { ...provisional, top, height: plotHeightPx };
      const yOf = (endpoint: number): number => plot.top + (endpoint + 0.5) * rowHeightPx;
      kit.canvas.drawTimeAxis(context, plot, 14);
      kit.canvas.drawFaultBand(context, lanes.labels, bandTop);
      kit.canvas.shadeFaults(context, plot);
      kit.canvas.drawYLabels(context, plot, flow.endpoints.map((name, i) => ({ text: name, y: yOf(i) })));
      context.strokeStyle = '#bbb';
      for (let i = 0; i < flow.endpoints.length; i++) {
        context.beginPath();
        context.moveTo(plot.left, yOf(i));
        context.lineTo(plot.left + plot.width, yOf(i));
        context.stroke();
      }
      const inView = arrows.filter((a) => (a.recvMs ?? a.sendMs) >= view.fromMs && a.sendMs <= view.toMs);
      const labelled = inView.length <= 60;
      context.font = '10px sans-serif';
      for (const a of inView) {
        const x1 = kit.canvas.xOf(plot, a.sendMs);
        const y1 = yOf(a.src);
        const lost = a.recvMs === null;
        const x2 = lost ? x1 + 12 : kit.canvas.xOf(plot, a.recvMs!);
        const y2 = lost ? y1 + (yOf(a.dest) - y1) * 0.3 : yOf(a.dest);
        context.strokeStyle = lost ? '#e53935' : a.src >= flow.nodeCount || a.dest >= flow.nodeCount ? '#90a4ae' : '#1e88e5';
        context.beginPath();
        context.moveTo(x1, y1);
        context.lineTo(x2, y2);
        context.stroke();
        if (lost) {
          context.beginPath();
          context.moveTo(x2 - 3, y2 - 3);
          context.lineTo(x2 + 3, y2 + 3);
          context.moveTo(x2 + 3, y2 - 3);
          context.lineTo(x2 - 3, y2 + 3);
          context.stroke();
        } else {
          const angle = Math.atan2(y2 - y1, x2 - x1);
          context.beginPath();
          context.moveTo(x2, y2);
          context.lineTo(x2 - 6 * Math.cos(angle - 0.4), y2 - 6 * Math.sin(angle - 0.4));
          context.lineTo(x2 - 6 * Math.cos(angle + 0.4), y2 - 6 * Math.sin(angle + 0.4));
          context.closePath();
          context.fillStyle = context.strokeStyle;
          context.fill();
        }
        if (labelled) {
          context.fillStyle = '#333';
          context.fillText(a.type, (x1 + x2) / 2 + 2, (y1 + y2) / 2 - 2);
        }
      }
      canvas.dataset.arrowsInView = String(inView.length);
      canvas.dataset.lostInView = String(inView.filter((a) => a.recvMs === null).length);
    }, false);
  },
};
