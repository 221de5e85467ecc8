/**
 * Latency over time, one chart per operation type: every op a point (log scale), p50 / p95 /
 * p99 per time bucket, fault windows shaded and named. The y axis is as wide as its labels.
 */
import type { Plot, ReportView } from '../report-view.js';

export const latencyView: ReportView = {
  id: 'latency',
  nav: 'Latency',
  heading: 'Latency over time, per operation type',
  markup: '<div class="legend" id="latency-legend"></div><div id="latency-charts"></div>',
  hasContent: (data) => data.ops.type.some((type) => type !== 3),
  mount: (kit) => {
    const { data, ops, el, colors } = kit;
    const percentileLines = [{ q: 0.5, color: '#1565c0', name: 'p50' }, { q: 0.95, color: '#6a1b9a', name: 'p95' }, { q: 0.99, color: '#212121', name: 'p99' }];
    const unit = data.timeUnit === 'event' ? 'events' : 'ms';
    const axisLabel = (value: number): string => `${+value.toPrecision(3)} ${unit}`;
    const opsByF: number[][] = data.fs.map(() => []);
    for (let i = 0; i < kit.opCount; i++) if (ops.type[i] !== 3) opsByF[ops.f[i]].push(i);
    const box = kit.$('latency-charts');
    data.fs.forEach((f, fIndex) => {
      const list = opsByF[fIndex];
      if (list.length === 0) return;
      const figure = el('figure');
      const canvas = el('canvas', { 'data-chart': `latency-${f}` });
      figure.append(el('figcaption', {}, `${f}: latency per operation (log scale), p50 / p95 / p99`), el('div', { class: 'canvas-box' }));
      figure.lastElementChild!.append(canvas);
      box.append(figure);
      let latencyMax = 0.001;
      let latencyMin = Infinity;
      for (const i of list) {
        const latency = ops.endMs[i] - ops.startMs[i];
        latencyMax = Math.max(latencyMax, latency);
        if (latency > 0) latencyMin = Math.min(latencyMin, latency);
      }
      const logMin = Math.log10(Math.min(latencyMin, latencyMax) * 0.8 || 0.001);
      const logMax = Math.log10(latencyMax * 1.2);
      // Ticks at powers of ten; within less than two decades also at 2x and 5x.
      const ticks: number[] = [];
      for (let power = Math.floor(logMin); power <= Math.ceil(logMax); power++) {
        for (const m of logMax - logMin < 2 ? [1, 2, 5] : [1]) {
          const value = m * Math.pow(10, power);
          if (Math.log10(value) >= logMin && Math.log10(value) <= logMax) ticks.push(value);
        }
      }
      kit.addChart(() => {
        const widthPx = Math.max(300, canvas.parentElement!.clientWidth);
        const measure = canvas.getContext('2d')!;
        const gutter = kit.canvas.gutterFor(measure, ticks.map(axisLabel), 56);
        const provisional: Plot = { left: gutter, top: 0, width: widthPx - gutter - 8, height: 0, ...kit.view() };
        const lanes = kit.canvas.faultLanes(measure, provisional);
        const bandTop = 17;
        const top = bandTop + kit.canvas.faultBandHeight(lanes.laneCount) + 6;
        const plotHeightPx = 170;
        const context = kit.canvas.prepareCanvas(canvas, top + plotHeightPx + 6);
        const plot: Plot = { ...provisional, top, height: plotHeightPx };
        const yOf = (latency: number): number => plot.top + plot.height - ((Math.log10(Math.max(latency, 1e-3)) - logMin) / (logMax - logMin || 1)) * plot.height;
        kit.canvas.drawTimeAxis(context, plot, 14);
        kit.canvas.drawFaultBand(context, lanes.labels, bandTop);
        kit.canvas.shadeFaults(context, plot);
        context.strokeStyle = '#eee';
        for (const value of ticks) {
          context.beginPath();
          context.moveTo(plot.left, yOf(value));
          context.lineTo(plot.left + plot.width, yOf(value));
          context.stroke();
        }
        kit.canvas.drawYLabels(context, plot, ticks.map((value) => ({ text: axisLabel(value), y: yOf(value) })));
        // Points, one pixel cell drawn once per colour: 100,000 points cost what the screen has.
        // Batched by colour into one path each: setting fillStyle per point is what costs.
        const canvasWidthPx = Math.ceil(plot.left + plot.width) + 4;
        const seen = new Uint8Array(canvasWidthPx * (Math.ceil(plot.top + plot.height) + 4));
        const batches = kit.outcomeColors.map(() => new Path2D());
        const blamedPath = new Path2D();
        for (const i of list) {
          const t = ops.startMs[i];
          if (t < plot.fromMs || t > plot.toMs) continue;
          const x = Math.round(kit.canvas.xOf(plot, t));
          const y = Math.round(yOf(ops.endMs[i] - ops.startMs[i]));
          if (kit.violating.has(i)) {
            blamedPath.rect(x - 2, y - 2, 5, 5);
            continue;
          }
          const cell = y * canvasWidthPx + x;
          const bit = 1 << ops.type[i];
          if ((seen[cell] & bit) !== 0) continue;
          seen[cell] |= bit;
          batches[ops.type[i]].rect(x - 1, y - 1, 2, 2);
        }
        batches.forEach((path, type) => {
          context.fillStyle = kit.outcomeColors[type];
          context.fill(path);
        });
        context.fillStyle = colors.violation;
        context.fill(blamedPath);
        // Percentiles per time bucket, over ops started in the bucket.
        const bucketCount = Math.max(10, Math.min(80, Math.floor(plot.width / 12)));
        const bucketMs = (plot.toMs - plot.fromMs) / bucketCount;
        const buckets: number[][] = Array.from({ length: bucketCount }, () => []);
        for (const i of list) {
          const b = Math.floor((ops.startMs[i] - plot.fromMs) / bucketMs);
          if (b >= 0 && b < bucketCount) buckets[b].push(ops.endMs[i] - ops.startMs[i]);
        }
        for (const bucket of buckets) bucket.sort((a, b) => a - b);
        for (const line of percentileLines) {
          context.strokeStyle = line.color;
          context.lineWidth = 1.5;
          context.beginPath();
          let penDown = false;
          buckets.forEach((bucket, b) => {
            if (bucket.length === 0) {
              penDown = false;
              return;
            }
            const value = bucket[Math.min(bucket.length - 1, Math.floor(line.q * bucket.length))];
            const x = kit.canvas.xOf(plot, plot.fromMs + (b + 0.5) * bucketMs);
            if (penDown) context.lineTo(x, yOf(value));
            else context.moveTo(x, yOf(value));
            penDown = true;
          });
          context.stroke();
        }
        context.lineWidth = 1;
      }, false);
    });
    kit.$('latency-legend').append(
      ...kit.outcomeNames.slice(0, 3).map((name, k) => el('span', { class: 'key', style: `--c:${kit.outcomeColors[k]}` }, name)),
      el('span', { class: 'key', style: `--c:${colors.violation}` }, 'blamed by a checker'),
      ...percentileLines.map((line) => el('span', { class: 'key line', style: `--c:${line.color}` }, line.name)),
    );
  },
};
