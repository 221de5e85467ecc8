/**
 * Ops as bars in rows over time: the main timeline and the linearizability view. Each pixel
 * column of a row is coloured by the share of the ops in it of each colour (stacked in the
 * palette's order), so a million-op run zoomed out shows the true mix of outcomes instead of
 * whichever colour was drawn last; zoomed in, an op wider than a pixel fills its columns
 * alone and reads as a bar. Hit testing is a binary search per row. Runs in the page,
 * inlined as source text (see report-view.ts).
 */
import type { BaseKit, CanvasKit, IntervalChartOptions, Plot } from './report-view.js';

export function createIntervalChart(kit: BaseKit & { canvas: CanvasKit }): (options: IntervalChartOptions) => () => void {
  const ops = kit.ops;
  const { xOf, timeAt } = kit.canvas;
  /** Ops of one row sorted by start: does any overlap [fromMs, toMs]? (a row's ops do not overlap) */
  const rowHasOpsIn = (list: number[], fromMs: number, toMs: number): boolean => {
    let low = 0;
    let high = list.length - 1;
    let last = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (ops.startMs[list[middle]] <= toMs) {
        last = middle;
        low = middle + 1;
      } else high = middle - 1;
    }
    for (let k = last; k >= 0 && k >= last - 3; k--) if (ops.endMs[list[k]] >= fromMs) return true;
    return false;
  };

  return (options: IntervalChartOptions): (() => void) => {
    const gutter = 48;
    const axisBottomPx = 14;
    const paletteSize = options.palette.length;
    const byAllRow: number[][] = Array.from({ length: options.rowLabels.length }, () => []);
    for (const i of options.opsDrawn) byAllRow[options.rowOfOp(i)].push(i);
    for (const list of byAllRow) list.sort((a, b) => ops.startMs[a] - ops.startMs[b]);
    // Rows shown: only those with ops in the visible range (Jepsen-style process replacement
    // leaves most rows empty once zoomed in). Recomputed on every draw.
    let shownRows: number[] = [];
    let displayRowOf = new Map<number, number>();
    let byRow: number[][] = [];
    let rowHeight = 10;
    let plot: Plot = { left: gutter, top: 20, width: 100, height: 10, fromMs: 0, toMs: 1 };
    let dragFromX: number | null = null;
    let dragToX = 0;

    const draw = (): void => {
      const range = options.getRange();
      shownRows = byAllRow.map((_, r) => r).filter((r) => rowHasOpsIn(byAllRow[r], range.fromMs, range.toMs));
      if (shownRows.length === 0) shownRows = byAllRow.map((_, r) => r);
      displayRowOf = new Map(shownRows.map((r, k) => [r, k]));
      byRow = shownRows.map((r) => byAllRow[r]);
      const rowCount = shownRows.length;
      rowHeight = Math.max(2, Math.min(18, Math.floor(options.heightMaxPx / Math.max(1, rowCount))));
      const widthPx = Math.max(300, options.canvas.parentElement!.clientWidth);
      const provisional: Plot = { left: gutter, top: 0, width: widthPx - gutter - 8, height: 0, ...range };
      const lanes = kit.canvas.faultLanes(options.canvas.getContext('2d')!, provisional);
      const bandTop = axisBottomPx + 3;
      const top = bandTop + kit.canvas.faultBandHeight(lanes.laneCount) + 8;
      const context = kit.canvas.prepareCanvas(options.canvas, top + rowCount * rowHeight + 4);
      plot = { ...provisional, top, height: rowCount * rowHeight };
      kit.canvas.drawTimeAxis(context, plot, axisBottomPx);
      kit.canvas.drawFaultBand(context, lanes.labels, bandTop);
      context.fillStyle = '#444';
      context.textAlign = 'right';
      context.textBaseline = 'middle';
      const labelEvery = Math.ceil(12 / rowHeight);
      for (let r = 0; r < rowCount; r += labelEvery) context.fillText(options.rowLabels[shownRows[r]], gutter - 4, plot.top + r * rowHeight + rowHeight / 2);
      kit.canvas.shadeFaults(context, plot);

      const barHeight = Math.max(1, rowHeight - (rowHeight > 4 ? 2 : 0));
      const barOffset = (rowHeight - barHeight) / 2;
      const columnCount = Math.ceil(plot.width);
      const counts = new Float64Array(columnCount * paletteSize);
      const paths = options.palette.map(() => new Path2D());
      const outlined: number[] = [];
      const labelled: number[] = [];
      const selected = kit.selected();
      for (let r = 0; r < rowCount; r++) {
        counts.fill(0);
        for (const i of byRow[r]) {
          const end = ops.endMs[i];
          if (end < plot.fromMs || ops.startMs[i] > plot.toMs) continue;
          const x0 = xOf(plot, ops.startMs[i]) - plot.left;
          const x1 = xOf(plot, end) - plot.left;
          const c0 = Math.max(0, Math.floor(x0));
          const c1 = Math.min(columnCount - 1, Math.max(c0, Math.ceil(x1) - 1));
          const k = options.colorIndexOf(i);
          for (let c = c0; c <= c1; c++) counts[c * paletteSize + k] += 1;
          if (options.labelOf !== undefined && x1 - x0 > 40 && barHeight >= 12) labelled.push(i);
          if (kit.violating.has(i) || i === selected) outlined.push(i);
        }
        // Each column stacked by share, whole pixels (rounded cumulatively); touching columns
        // with the same segment merge into one rectangle.
        const y = plot.top + r * rowHeight + barOffset;
        const runStart = new Array<number>(paletteSize).fill(-1);
        const runY0 = new Array<number>(paletteSize).fill(0);
        const runY1 = new Array<number>(paletteSize).fill(0);
        const flush = (k: number, c: number): void => {
          if (runStart[k] >= 0) paths[k].rect(plot.left + runStart[k], y + runY0[k], c - runStart[k], runY1[k] - runY0[k]);
          runStart[k] = -1;
        };
        for (let c = 0; c <= columnCount; c++) {
          let total = 0;
          if (c < columnCount) for (let k = 0; k < paletteSize; k++) total += counts[c * paletteSize + k];
          let sum = 0;
          for (let k = 0; k < paletteSize; k++) {
            const count = c < columnCount ? counts[c * paletteSize + k] : 0;
            const y0 = total === 0 ? 0 : Math.round((sum / total) * barHeight);
            sum += count;
            const y1 = total === 0 ? 0 : Math.round((sum / total) * barHeight);
            if (y1 <= y0) {
              flush(k, c);
              continue;
            }
            if (runStart[k] >= 0 && runY0[k] === y0 && runY1[k] === y1) continue;
            flush(k, c);
            runStart[k] = c;
            runY0[k] = y0;
            runY1[k] = y1;
          }
        }
      }
      options.palette.forEach((entry, k) => {
        context.globalAlpha = entry.alpha;
        context.fillStyle = entry.color;
        context.fill(paths[k]);
      });
      context.globalAlpha = 1;
      for (const i of labelled) {
        const r = displayRowOf.get(options.rowOfOp(i))!;
        const y = plot.top + r * rowHeight + barOffset;
        const x0 = Math.max(plot.left, xOf(plot, ops.startMs[i]));
        const x1 = Math.min(plot.left + plot.width, xOf(plot, ops.endMs[i]));
        context.save();
        context.beginPath();
        context.rect(x0, y, x1 - x0, barHeight);
        context.clip();
        context.fillStyle = '#fff';
        context.textAlign = 'left';
        context.textBaseline = 'middle';
        context.fillText(options.labelOf!(i), x0 + 3, y + barHeight / 2);
        context.restore();
      }
      for (const i of outlined) {
        const r = displayRowOf.get(options.rowOfOp(i))!;
        const x0 = xOf(plot, ops.startMs[i]);
        const x1 = xOf(plot, ops.endMs[i]);
        const y = plot.top + r * rowHeight;
        context.lineWidth = i === selected ? 3 : 2;
        context.strokeStyle = i === selected ? kit.colors.selected : kit.colors.violation;
        context.strokeRect(x0 - 1, y, Math.max(2, x1 - x0) + 2, rowHeight);
        if (i !== selected) {
          // a marker above the row, so a violating op is visible even when it is 1px wide
          context.fillStyle = kit.colors.violation;
          context.beginPath();
          context.moveTo(x0 - 5, y - 7);
          context.lineTo(x0 + 5, y - 7);
          context.lineTo(x0, y);
          context.fill();
        }
      }
      context.lineWidth = 1;
      if (dragFromX !== null) {
        context.fillStyle = 'rgba(30,136,229,0.15)';
        context.fillRect(Math.min(dragFromX, dragToX), plot.top, Math.abs(dragToX - dragFromX), plot.height);
      }
      // Where the rows are, for tests that read a pixel column back.
      options.canvas.dataset.plot = JSON.stringify({ left: plot.left, top: plot.top, width: plot.width, rowHeight, barOffset, barHeight, fromMs: plot.fromMs, toMs: plot.toMs, rows: shownRows });
    };

    const opAt = (x: number, y: number): number => {
      const r = Math.floor((y - plot.top) / rowHeight);
      if (r < 0 || r >= byRow.length || x < plot.left) return -1;
      const list = byRow[r];
      const t = timeAt(plot, x);
      const slackMs = (3 / plot.width) * (plot.toMs - plot.fromMs);
      let low = 0;
      let high = list.length - 1;
      let found = -1;
      while (low <= high) {
        const middle = (low + high) >> 1;
        if (ops.startMs[list[middle]] <= t + slackMs) {
          found = middle;
          low = middle + 1;
        } else high = middle - 1;
      }
      // ops of one row do not overlap, but a 1px-wide op may sit just before its neighbour
      for (let k = found; k >= 0 && k >= found - 3; k--) {
        const i = list[k];
        if (ops.endMs[i] + slackMs >= t) return i;
      }
      return -1;
    };
    const position = (event: MouseEvent): [number, number] => {
      const box = options.canvas.getBoundingClientRect();
      return [event.clientX - box.left, event.clientY - box.top];
    };
    options.canvas.addEventListener('mousedown', (event) => {
      dragFromX = position(event)[0];
      dragToX = dragFromX;
    });
    options.canvas.addEventListener('mousemove', (event) => {
      const [x, y] = position(event);
      if (dragFromX !== null && (event.buttons & 1) === 1) {
        dragToX = x;
        kit.hideTooltip();
        draw();
        return;
      }
      const i = opAt(x, y);
      options.canvas.style.cursor = i >= 0 ? 'pointer' : 'crosshair';
      if (i >= 0) return kit.showTooltip(event, options.tooltipOf(i));
      // Between ops: say which faults were active at this moment.
      const t = timeAt(plot, x);
      const active = x >= plot.left ? kit.data.faults.filter((f) => f.startMs <= t && t <= f.endMs) : [];
      if (active.length > 0) kit.showTooltip(event, active.map((f) => `fault ${f.name}: ${kit.fmtMs(f.startMs)} – ${kit.fmtMs(f.endMs)}  ${f.detail}`));
      else kit.hideTooltip();
    });
    options.canvas.addEventListener('mouseleave', kit.hideTooltip);
    window.addEventListener('mouseup', (event) => {
      if (dragFromX === null) return;
      const [x, y] = position(event);
      const from = dragFromX;
      dragFromX = null;
      if (Math.abs(x - from) > 4) options.setRange(timeAt(plot, Math.min(x, from)), timeAt(plot, Math.max(x, from)));
      else if (event.target === options.canvas) kit.select(opAt(x, y));
      else draw();
    });
    return draw;
  };
}
