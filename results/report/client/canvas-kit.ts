/**
 * Canvas drawing shared by the report's time charts: the time axis, fault windows (shaded,
 * and named in a band of lanes so overlapping windows stay readable), y axes sized to their
 * labels. Runs in the page, inlined as source text (see report-view.ts). What a chart drew
 * as text (axis labels, fault labels) is also recorded on its canvas as data attributes, so
 * a test can read what a canvas says.
 */
import type { BaseKit, CanvasKit, FaultLabel, Plot } from './report-view.js';

export function createCanvasKit(kit: BaseKit): CanvasKit {
  const logicalTime = kit.data.timeUnit === 'event';
  const laneHeightPx = 13;
  /** Lanes beyond this share the last one, unlabelled where they would overlap. */
  const laneCountMax = 5;
  const font = '11px system-ui, sans-serif';

  const prepareCanvas = (canvas: HTMLCanvasElement, heightPx: number): CanvasRenderingContext2D => {
    const widthPx = Math.max(300, canvas.parentElement!.clientWidth);
    const ratio = window.devicePixelRatio || 1;
    canvas.style.width = `${widthPx}px`;
    canvas.style.height = `${heightPx}px`;
    canvas.width = Math.round(widthPx * ratio);
    canvas.height = Math.round(heightPx * ratio);
    const context = canvas.getContext('2d')!;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, widthPx, heightPx);
    context.font = font;
    return context;
  };
  const niceStep = (span: number, countMax: number): number => {
    const raw = span / Math.max(1, countMax);
    const power = Math.pow(10, Math.floor(Math.log10(raw)));
    for (const m of [1, 2, 5, 10]) if (m * power >= raw) return m * power;
    return 10 * power;
  };
  const xOf = (plot: Plot, timeMs: number): number => plot.left + ((timeMs - plot.fromMs) / (plot.toMs - plot.fromMs)) * plot.width;
  const timeAt = (plot: Plot, x: number): number => plot.fromMs + ((x - plot.left) / plot.width) * (plot.toMs - plot.fromMs);

  const drawTimeAxis = (context: CanvasRenderingContext2D, plot: Plot, labelBottomY: number): void => {
    const raw = niceStep(plot.toMs - plot.fromMs, Math.floor(plot.width / 90));
    const step = logicalTime ? Math.max(1, raw) : raw;
    context.fillStyle = '#555';
    context.strokeStyle = '#eee';
    context.textAlign = 'center';
    context.textBaseline = 'bottom';
    // Seconds once the run is past a second (37.962s reads better than 37962ms), else ms.
    const secondsDecimals = Math.max(0, Math.min(6, Math.ceil(-Math.log10(step / 1000) - 1e-9)));
    for (let t = Math.ceil(plot.fromMs / step) * step; t <= plot.toMs; t += step) {
      const x = xOf(plot, t);
      context.beginPath();
      context.moveTo(x, plot.top);
      context.lineTo(x, plot.top + plot.height);
      context.stroke();
      context.fillText(logicalTime ? `#${t}` : plot.toMs >= 1000 ? `${(t / 1000).toFixed(secondsDecimals)}s` : `${+t.toFixed(3)}ms`, x, labelBottomY);
    }
  };

  const inView = (plot: Plot) => kit.data.faults.filter((f) => f.endMs >= plot.fromMs && f.startMs <= plot.toMs);
  const faultLanes = (context: CanvasRenderingContext2D, plot: Plot): { labels: FaultLabel[]; laneCount: number } => {
    context.font = font;
    const right = plot.left + plot.width;
    // Greedy interval partitioning by start: each lane remembers where its last bar or label ends.
    const laneEnds: number[] = [];
    const labels: FaultLabel[] = [];
    const faults = inView(plot).sort((a, b) => a.startMs - b.startMs);
    for (const fault of faults) {
      const x0 = Math.max(plot.left, xOf(plot, fault.startMs));
      const x1 = Math.max(x0 + 1, Math.min(right, xOf(plot, fault.endMs)));
      const width = context.measureText(fault.name).width;
      const labelX0 = Math.min(x0 + 2, right - width - 2);
      const labelX1 = labelX0 + width;
      const start = Math.min(x0, labelX0);
      let lane = laneEnds.findIndex((end) => end + 4 <= start);
      if (lane < 0) lane = laneEnds.length < laneCountMax ? laneEnds.length : laneCountMax - 1;
      const overflow = lane < laneEnds.length && laneEnds[lane] + 4 > start;
      laneEnds[lane] = Math.max(laneEnds[lane] ?? -Infinity, x1, overflow ? -Infinity : labelX1);
      labels.push({ fault, lane, x0, x1, labelX0: overflow ? NaN : labelX0, labelX1: overflow ? NaN : labelX1 });
    }
    return { labels, laneCount: laneEnds.length };
  };
  const faultBandHeight = (laneCount: number): number => laneCount * laneHeightPx;
  const drawFaultBand = (context: CanvasRenderingContext2D, lanes: FaultLabel[], top: number): void => {
    context.font = font;
    context.textAlign = 'left';
    context.textBaseline = 'middle';
    for (const label of lanes) {
      const y = top + label.lane * laneHeightPx;
      context.fillStyle = kit.faultColor(label.fault.name);
      context.globalAlpha = 0.22;
      context.fillRect(label.x0, y + 1, label.x1 - label.x0, laneHeightPx - 2);
      context.globalAlpha = 1;
      context.fillRect(label.x0, y + 1, 2, laneHeightPx - 2);
      if (!Number.isNaN(label.labelX0)) context.fillText(label.fault.name, label.labelX0 + 1, y + laneHeightPx / 2);
    }
    context.canvas.dataset.faultLabels = JSON.stringify(lanes.filter((l) => !Number.isNaN(l.labelX0)).map((l) => ({
      name: l.fault.name, x0: Math.round(l.labelX0), x1: Math.round(l.labelX1 + 1), y0: top + l.lane * laneHeightPx, y1: top + (l.lane + 1) * laneHeightPx,
    })));
  };
  const shadeFaults = (context: CanvasRenderingContext2D, plot: Plot): void => {
    context.globalAlpha = 0.1;
    for (const fault of inView(plot)) {
      const x0 = Math.max(plot.left, xOf(plot, fault.startMs));
      const x1 = Math.min(plot.left + plot.width, xOf(plot, fault.endMs));
      context.fillStyle = kit.faultColor(fault.name);
      context.fillRect(x0, plot.top, Math.max(1, x1 - x0), plot.height);
    }
    context.globalAlpha = 1;
  };
  const gutterFor = (context: CanvasRenderingContext2D, labels: string[], minimum: number): number => {
    context.font = font;
    return Math.max(minimum, Math.ceil(labels.reduce((m, text) => Math.max(m, context.measureText(text).width), 0)) + 12);
  };
  const drawYLabels = (context: CanvasRenderingContext2D, plot: Plot, labels: { text: string; y: number }[]): void => {
    context.font = font;
    context.fillStyle = '#555';
    context.textAlign = 'right';
    context.textBaseline = 'middle';
    const x = plot.left - 4;
    for (const label of labels) context.fillText(label.text, x, label.y);
    context.canvas.dataset.yLabels = JSON.stringify(labels.map((label) => ({ text: label.text, x0: Math.floor(x - context.measureText(label.text).width), x1: Math.ceil(x), y: Math.round(label.y) })));
  };
  const drawRateFrame = (canvas: HTMLCanvasElement, view: { fromMs: number; toMs: number }, rateMax: number, plotHeightPx: number) => {
    const widthPx = Math.max(300, canvas.parentElement!.clientWidth);
    const step = niceStep(rateMax * 1.1, 4);
    const ticks: number[] = [];
    for (let rate = 0; rate <= rateMax * 1.1; rate += step) ticks.push(rate);
    const label = (rate: number): string => `${+rate.toFixed(1)}/s`;
    const measure = canvas.getContext('2d')!;
    const gutter = gutterFor(measure, ticks.map(label), 56);
    const provisional: Plot = { left: gutter, top: 0, width: widthPx - gutter - 8, height: 0, ...view };
    const lanes = faultLanes(measure, provisional);
    const bandTop = 17;
    const top = bandTop + faultBandHeight(lanes.laneCount) + 6;
    const context = prepareCanvas(canvas, top + plotHeightPx + 8);
    const plot: Plot = { ...provisional, top, height: plotHeightPx };
    const yOf = (rate: number): number => plot.top + plot.height - (rate / (rateMax * 1.1)) * plot.height;
    drawTimeAxis(context, plot, 14);
    drawFaultBand(context, lanes.labels, bandTop);
    shadeFaults(context, plot);
    drawYLabels(context, plot, ticks.map((rate) => ({ text: label(rate), y: yOf(rate) })));
    return { context, plot, yOf };
  };
  return { prepareCanvas, niceStep, xOf, timeAt, drawTimeAxis, faultLanes, faultBandHeight, drawFaultBand, shadeFaults, gutterFor, drawYLabels, drawRateFrame };
}
