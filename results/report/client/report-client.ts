/**
 * The code that runs inside report.html. It is inlined into the page as this function's
 * source text (`reportClient.toString()`), so it must be self-contained: no imports at run
 * time, no references to anything outside its own body. It is still TypeScript, so the
 * compiler checks it against the ReportData it draws.
 *
 * Everything is drawn on canvases (100,000 operations draw in tens of ms); hit testing is
 * a binary search per timeline row.
 */
import type { ReportData } from '../report-data.js';

export function reportClient(data: ReportData): void {
  const colors = { ok: '#4caf50', fail: '#e53935', info: '#fb8c00', pending: '#b08d57', violation: '#8e24aa', selected: '#000000', other: '#c8c8c8', prefix: '#43a047', stuck: '#d81b60' };
  const outcomeNames = ['ok', 'fail', 'info', 'pending'] as const;
  const outcomeColors = [colors.ok, colors.fail, colors.info, colors.pending];
  const faultPalette = ['#1e88e5', '#8e24aa', '#e53935', '#00897b', '#6d4c41', '#fdd835', '#3949ab'];
  const ops = data.ops;
  /** Completion value text; '\u0001' at the start stands for the invoke's value (history-columns.ts). */
  const outcomeOf = (i: number): string => (ops.outcomeValue[i].startsWith('\u0001') ? ops.invokeValue[i] + ops.outcomeValue[i].slice(1) : ops.outcomeValue[i]);
  const opCount = ops.row.length;
  /** Math.min over big arrays without spreading them onto the stack. */
  const minOf = (list: number[], value: (i: number) => number): number => list.reduce((m, i) => Math.min(m, value(i)), Infinity);
  const maxOf = (list: number[], value: (i: number) => number): number => list.reduce((m, i) => Math.max(m, value(i)), -Infinity);
  const $ = (id: string): HTMLElement => document.getElementById(id)!;
  const el = <K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string> = {}, text = ''): HTMLElementTagNameMap[K] => {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    if (text !== '') node.textContent = text;
    return node;
  };
  const logicalTime = data.timeUnit === 'event';
  const fmtMs = (valueMs: number): string => {
    if (logicalTime) return `#${Math.round(valueMs)}`; // event positions: the history has no clock
    return Math.abs(valueMs) >= 10000 ? `${(valueMs / 1000).toFixed(2)} s` : `${valueMs.toFixed(valueMs < 10 ? 3 : 1)} ms`;
  };
  const faultNames = [...new Set(data.faults.map((f) => f.name))];
  const faultColor = (name: string): string => faultPalette[faultNames.indexOf(name) % faultPalette.length];

  // ---- state shared by every chart: the visible time range and the selected op ----
  const fullRange = { fromMs: 0, toMs: Math.max(data.durationMs, 1) };
  let view = { ...fullRange };
  let selected = -1;
  /** Ops some checker blamed: drawn outlined with a marker so they are found at a glance. */
  const violating = new Set<number>();
  const tags = new Map<number, string[]>();
  const tag = (op: number, text: string): void => {
    if (op < 0) return;
    const list = tags.get(op);
    if (list === undefined) tags.set(op, [text]);
    else if (list.length < 8) list.push(text);
  };
  for (const part of data.linearizability) {
    part.prefix.forEach((step, k) => tag(step.op, `linearized #${k + 1}${part.part === '' ? '' : ` of part ${part.part}`}${step.stateAfter === '' ? '' : `; state after: ${step.stateAfter}`}`));
    for (const step of part.stuck) {
      violating.add(step.op);
      tag(step.op, `could not be linearized next${part.part === '' ? '' : ` (part ${part.part})`}; state before: ${part.stateBefore}${step.note === '' ? '' : `; ${step.note}`}`);
    }
  }
  for (const anomaly of data.exactlyOnce?.anomalies ?? []) {
    for (const op of anomaly.ops) {
      violating.add(op);
      tag(op, `${anomaly.kind} request ${anomaly.requestId}`);
    }
  }
  violating.delete(-1);
  const redrawers: (() => void)[] = [];
  const redrawAll = (): void => redrawers.forEach((draw) => draw());
  /** The charts that show the selection (interval charts): a click redraws only these. */
  const selectionRedrawers: (() => void)[] = [];
  const redrawSelection = (): void => selectionRedrawers.forEach((draw) => draw());
  const setView = (fromMs: number, toMs: number): void => {
    if (toMs - fromMs < 0.01) toMs = fromMs + 0.01;
    view = { fromMs: Math.max(fullRange.fromMs, fromMs), toMs: Math.min(fullRange.toMs, toMs) };
    $('zoom-label').textContent = view.fromMs === fullRange.fromMs && view.toMs === fullRange.toMs ? 'whole run' : `${fmtMs(view.fromMs)} – ${fmtMs(view.toMs)}`;
    redrawAll();
  };

  // ---- canvas helpers ----
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
    context.font = '11px system-ui, sans-serif';
    return context;
  };
  const niceStep = (span: number, countMax: number): number => {
    const raw = span / Math.max(1, countMax);
    const power = Math.pow(10, Math.floor(Math.log10(raw)));
    for (const m of [1, 2, 5, 10]) if (m * power >= raw) return m * power;
    return 10 * power;
  };
  interface Plot { left: number; top: number; width: number; height: number; fromMs: number; toMs: number }
  const xOf = (plot: Plot, timeMs: number): number => plot.left + ((timeMs - plot.fromMs) / (plot.toMs - plot.fromMs)) * plot.width;
  const timeAt = (plot: Plot, x: number): number => plot.fromMs + ((x - plot.left) / plot.width) * (plot.toMs - plot.fromMs);
  const drawTimeAxis = (context: CanvasRenderingContext2D, plot: Plot): void => {
    const step = logicalTime ? Math.max(1, niceStep(plot.toMs - plot.fromMs, Math.floor(plot.width / 90))) : niceStep(plot.toMs - plot.fromMs, Math.floor(plot.width / 90));
    context.fillStyle = '#555';
    context.strokeStyle = '#eee';
    context.textAlign = 'center';
    context.textBaseline = 'bottom';
    for (let t = Math.ceil(plot.fromMs / step) * step; t <= plot.toMs; t += step) {
      const x = xOf(plot, t);
      context.beginPath();
      context.moveTo(x, plot.top);
      context.lineTo(x, plot.top + plot.height);
      context.stroke();
      // Seconds once the run is past a second (37.962s reads better than 37962ms), else ms.
      const secondsDecimals = Math.max(0, Math.min(6, Math.ceil(-Math.log10(step / 1000) - 1e-9)));
      context.fillText(logicalTime ? `#${t}` : plot.toMs >= 1000 ? `${(t / 1000).toFixed(secondsDecimals)}s` : `${+t.toFixed(3)}ms`, x, plot.top - 2);
    }
  };
  const drawFaults = (context: CanvasRenderingContext2D, plot: Plot, withLabels: boolean): void => {
    for (const fault of data.faults) {
      if (fault.endMs < plot.fromMs || fault.startMs > plot.toMs) continue;
      const x0 = Math.max(plot.left, xOf(plot, fault.startMs));
      const x1 = Math.min(plot.left + plot.width, xOf(plot, fault.endMs));
      context.globalAlpha = 0.13;
      context.fillStyle = faultColor(fault.name);
      context.fillRect(x0, plot.top, Math.max(1, x1 - x0), plot.height);
      context.globalAlpha = 1;
      if (withLabels && x1 - x0 > 20) {
        context.fillStyle = faultColor(fault.name);
        context.textAlign = 'left';
        context.textBaseline = 'top';
        context.fillText(fault.name, x0 + 2, plot.top + 1);
      }
    }
  };

  // ---- tooltip and details ----
  const tooltip = $('tooltip');
  const opTitle = (i: number): string => `process ${data.processes[ops.proc[i]]}${ops.node[i] === '' ? '' : ` → ${ops.node[i]}`} · ${data.fs[ops.f[i]]} · ${outcomeNames[ops.type[i]]}`;
  const opSummary = (i: number): string => {
    const out = ops.type[i] === 3 ? 'no completion' : outcomeOf(i);
    return `${data.fs[ops.f[i]]}(${ops.invokeValue[i]}) → ${outcomeNames[ops.type[i]]} ${out}`;
  };
  const showTooltip = (event: MouseEvent, lines: string[]): void => {
    tooltip.textContent = lines.join('\n');
    tooltip.style.display = 'block';
    const x = Math.min(event.clientX + 14, window.innerWidth - tooltip.offsetWidth - 8);
    const y = event.clientY + 16 + tooltip.offsetHeight > window.innerHeight ? event.clientY - tooltip.offsetHeight - 8 : event.clientY + 16;
    tooltip.style.left = `${x}px`;
    tooltip.style.top = `${y}px`;
  };
  const hideTooltip = (): void => { tooltip.style.display = 'none'; };
  const opLines = (i: number): string[] => [
    opTitle(i),
    `invoke: ${ops.invokeValue[i]}`,
    `outcome: ${ops.type[i] === 3 ? '(never completed)' : outcomeOf(i)}`,
    `start ${fmtMs(ops.startMs[i])} · ${ops.type[i] === 3 ? 'open until the end' : `latency ${fmtMs(ops.endMs[i] - ops.startMs[i])}`}`,
    ...(tags.get(i) ?? []),
  ];
  const select = (i: number): void => {
    selected = i;
    const panel = $('op-details');
    panel.replaceChildren();
    if (i < 0) {
      panel.style.display = 'none';
      redrawSelection();
      return;
    }
    panel.style.display = 'block';
    const close = el('button', { class: 'close', title: 'close' }, '×');
    close.onclick = () => select(-1);
    panel.append(close, el('h3', {}, `Operation: ${opTitle(i)}`));
    const table = el('table');
    const rows: [string, string][] = [
      ['process', data.processes[ops.proc[i]]],
      ['f', data.fs[ops.f[i]]],
      ['outcome', outcomeNames[ops.type[i]]],
      ['invoke value', ops.invokeValue[i]],
      ['completion value', ops.type[i] === 3 ? '(never completed: unknown outcome)' : outcomeOf(i)],
      ['invoked at', fmtMs(ops.startMs[i])],
      ['completed at', ops.type[i] === 3 ? '—' : fmtMs(ops.endMs[i])],
      ['latency', ops.type[i] === 3 ? '—' : fmtMs(ops.endMs[i] - ops.startMs[i])],
      ['node', ops.node[i] || '—'],
      ['history index', `${ops.invokeIndex[i]}${ops.completeIndex[i] >= 0 ? ` → ${ops.completeIndex[i]}` : ''}`],
    ];
    for (const note of tags.get(i) ?? []) rows.push(['checker', note]);
    for (const [name, value] of rows) {
      const row = el('tr');
      row.append(el('th', {}, name), el('td', {}, value));
      table.append(row);
    }
    const show = el('button', {}, 'show in timeline');
    show.onclick = () => focusOps([i], true);
    panel.append(table, show);
    redrawSelection();
  };
  /** Zoom the main timeline around these ops, select the first, scroll to it. */
  const focusOps = (list: number[], scroll: boolean): void => {
    const valid = list.filter((i) => i >= 0);
    if (valid.length === 0) return;
    let from = Infinity;
    let to = -Infinity;
    for (const i of valid) {
      from = Math.min(from, ops.startMs[i]);
      to = Math.max(to, ops.type[i] === 3 ? ops.startMs[i] : ops.endMs[i]);
    }
    const pad = Math.max((to - from) * 0.6, 5);
    select(valid[0]);
    setView(from - pad, to + pad);
    if (scroll) $('timeline').scrollIntoView({ behavior: 'auto', block: 'start' });
  };

  // ---- interval chart: ops as bars in rows over time (main timeline and linearizability view) ----
  interface IntervalChartOptions {
    canvas: HTMLCanvasElement;
    rowLabels: string[];
    /** Ops drawn, and the row each goes to. */
    opsDrawn: number[];
    rowOfOp: (i: number) => number;
    colorOf: (i: number) => string;
    labelOf?: (i: number) => string;
    getRange: () => { fromMs: number; toMs: number };
    setRange: (fromMs: number, toMs: number) => void;
    tooltipOf: (i: number) => string[];
    heightMaxPx: number;
  }
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
  const intervalChart = (options: IntervalChartOptions): (() => void) => {
    const allRowCount = options.rowLabels.length;
    const gutter = 48;
    const byAllRow: number[][] = Array.from({ length: allRowCount }, () => []);
    for (const i of options.opsDrawn) byAllRow[options.rowOfOp(i)].push(i);
    for (const list of byAllRow) list.sort((a, b) => ops.startMs[a] - ops.startMs[b]);
    // Rows shown: only processes with ops in the visible range (Jepsen-style process
    // replacement leaves most rows empty once zoomed in). Recomputed on every draw.
    let shownRows: number[] = [];
    let displayRowOf = new Map<number, number>();
    let byRow: number[][] = [];
    let rowCount = 0;
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
      rowCount = shownRows.length;
      rowHeight = Math.max(2, Math.min(18, Math.floor(options.heightMaxPx / Math.max(1, rowCount))));
      const heightPx = rowCount * rowHeight + 24;
      const context = prepareCanvas(options.canvas, heightPx);
      const widthPx = parseFloat(options.canvas.style.width);
      plot = { left: gutter, top: 20, width: widthPx - gutter - 8, height: rowCount * rowHeight, ...range };
      drawTimeAxis(context, plot);
      context.fillStyle = '#444';
      context.textAlign = 'right';
      context.textBaseline = 'middle';
      const labelEvery = Math.ceil(12 / rowHeight);
      for (let r = 0; r < rowCount; r += labelEvery) context.fillText(options.rowLabels[shownRows[r]], gutter - 4, plot.top + r * rowHeight + rowHeight / 2);
      drawFaults(context, plot, true);
      const barHeight = Math.max(1, rowHeight - (rowHeight > 4 ? 2 : 0));
      const outlined: number[] = [];
      const labelled: number[] = [];
      const paths = new Map<string, Path2D>();
      // One path per colour, filled at the end: far cheaper than a fillStyle change per bar.
      const addRect = (key: string, x0: number, y: number, width: number): void => {
        let path = paths.get(key);
        if (path === undefined) paths.set(key, (path = new Path2D()));
        path.rect(x0, y, width, barHeight);
      };
      for (let r = 0; r < rowCount; r++) {
        const y = plot.top + r * rowHeight + (rowHeight - barHeight) / 2;
        // Zoomed out, thousands of bars share a pixel: a run of touching same-colour bars in a
        // row becomes one rectangle.
        let runKey = '';
        let runX0 = 0;
        let runX1 = -Infinity;
        for (const i of byRow[r]) {
          const end = ops.endMs[i];
          if (end < plot.fromMs || ops.startMs[i] > plot.toMs) continue;
          const x0 = Math.max(plot.left - 1, xOf(plot, ops.startMs[i]));
          const x1 = Math.max(x0 + 1, Math.min(plot.left + plot.width + 1, xOf(plot, end)));
          const color = options.colorOf(i);
          const key = ops.type[i] === 3 ? `${color}/faded` : color;
          if (key === runKey && x0 <= runX1 + 0.5) runX1 = Math.max(runX1, x1);
          else {
            if (runKey !== '') addRect(runKey, runX0, y, runX1 - runX0);
            runKey = key;
            runX0 = x0;
            runX1 = x1;
          }
          if (options.labelOf !== undefined && x1 - x0 > 40 && barHeight >= 12) labelled.push(i);
          if (violating.has(i) || i === selected) outlined.push(i);
        }
        if (runKey !== '') addRect(runKey, runX0, y, runX1 - runX0);
      }
      for (const [key, path] of paths) {
        // never completed (unknown outcome): a faded bar to the end
        context.globalAlpha = key.endsWith('/faded') ? 0.45 : 1;
        context.fillStyle = key.replace('/faded', '');
        context.fill(path);
      }
      context.globalAlpha = 1;
      for (const i of labelled) {
        const r = displayRowOf.get(options.rowOfOp(i))!;
        const y = plot.top + r * rowHeight + (rowHeight - barHeight) / 2;
        const x0 = Math.max(plot.left - 1, xOf(plot, ops.startMs[i]));
        const x1 = Math.min(plot.left + plot.width + 1, xOf(plot, ops.endMs[i]));
        {
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
      }
      for (const i of outlined) {
        const r = displayRowOf.get(options.rowOfOp(i))!;
        const x0 = xOf(plot, ops.startMs[i]);
        const x1 = xOf(plot, ops.endMs[i]);
        const y = plot.top + r * rowHeight;
        context.lineWidth = i === selected ? 3 : 2;
        context.strokeStyle = i === selected ? colors.selected : colors.violation;
        context.strokeRect(x0 - 1, y, Math.max(2, x1 - x0) + 2, rowHeight);
        if (i !== selected) {
          // a marker above the row, so a violating op is visible even when it is 1px wide
          context.fillStyle = colors.violation;
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
    };
    const opAt = (x: number, y: number): number => {
      const r = Math.floor((y - plot.top) / rowHeight);
      if (r < 0 || r >= rowCount || x < plot.left) return -1;
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
      // ops of one process do not overlap, but a 1px-wide op may sit just before its neighbour
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
        hideTooltip();
        draw();
        return;
      }
      const i = opAt(x, y);
      options.canvas.style.cursor = i >= 0 ? 'pointer' : 'crosshair';
      if (i >= 0) return showTooltip(event, options.tooltipOf(i));
      // Between ops: say which faults were active at this moment.
      const t = timeAt(plot, x);
      const active = x >= plot.left ? data.faults.filter((f) => f.startMs <= t && t <= f.endMs) : [];
      if (active.length > 0) showTooltip(event, active.map((f) => `fault ${f.name}: ${fmtMs(f.startMs)} – ${fmtMs(f.endMs)}  ${f.detail}`));
      else hideTooltip();
    });
    options.canvas.addEventListener('mouseleave', hideTooltip);
    window.addEventListener('mouseup', (event) => {
      if (dragFromX === null) return;
      const [x, y] = position(event);
      const from = dragFromX;
      dragFromX = null;
      if (Math.abs(x - from) > 4) {
        options.setRange(timeAt(plot, Math.min(x, from)), timeAt(plot, Math.max(x, from)));
      } else if (event.target === options.canvas) {
        select(opAt(x, y));
      } else draw();
    });
    return draw;
  };

  // ---- summary ----
  const verdictText = (valid: true | false | 'unknown' | null): string => (valid === true ? 'valid' : valid === false ? 'INVALID' : valid === 'unknown' ? 'unknown' : 'not checked');
  const verdictClass = (valid: true | false | 'unknown' | null): string => (valid === true ? 'valid' : valid === false ? 'invalid' : 'unknown');
  document.title = `${verdictText(data.valid)} · ${data.title}`;
  $('title').textContent = data.title;
  const badge = $('verdict');
  badge.textContent = verdictText(data.valid);
  badge.className = `badge ${verdictClass(data.valid)}`;
  $('source').textContent = `${data.source} · report generated ${data.generatedAt}`;
  if (data.aborted !== '') {
    const banner = $('report-error');
    banner.style.display = 'block';
    banner.style.background = '#ef6c00';
    banner.textContent = `This run did not finish normally: ${data.aborted}. The history up to that point is shown.`;
  }
  const verdicts = $('verdicts');
  for (const verdict of data.verdicts) {
    const row = el('tr');
    const cell = el('td');
    cell.append(el('span', { class: `badge ${verdictClass(verdict.valid)}` }, verdictText(verdict.valid)));
    row.append(el('th', {}, verdict.checker), cell, el('td', {}, verdict.summary));
    verdicts.append(row);
  }
  if (data.verdicts.length === 0) verdicts.append(el('tr', {}, 'No checker results saved for this run (yet).'));
  const counts = $('counts');
  const countRows: [string, string][] = [
    ['operations', String(opCount)],
    ['ok', String(data.counts.ok)], ['fail', String(data.counts.fail)], ['info', String(data.counts.info)],
    ...(data.counts.pending > 0 ? [['never completed', String(data.counts.pending)] as [string, string]] : []),
    ['duration', fmtMs(data.durationMs)],
    ['faults', data.faults.length === 0 ? 'none' : `${data.faults.length} windows (${faultNames.join(', ')})`],
    ['seed', data.seed === null ? '—' : String(data.seed)],
  ];
  for (const [name, value] of countRows) {
    const row = el('tr');
    row.append(el('th', {}, name), el('td', {}, value));
    counts.append(row);
  }
  if (data.command !== '') {
    $('replay').textContent = data.command;
    $('copy-replay').onclick = () => void navigator.clipboard?.writeText(data.command);
  } else $('replay-box').style.display = 'none';
  $('spec').textContent = data.spec === null ? '(no test.json)' : JSON.stringify(data.spec, null, 2);
  for (const other of data.otherResults) {
    const details = el('details');
    details.append(el('summary', {}, `${other.checker}: full result`), el('pre', {}, other.json));
    $('other-results').append(details);
  }

  // ---- "where it broke": one line per problem, each a link into the charts ----
  const problems = $('problems');
  const addProblem = (text: string, list: number[]): void => {
    const item = el('li');
    const button = el('button', {}, 'show');
    button.onclick = () => focusOps(list, true);
    item.append(button, document.createTextNode(` ${text}`));
    problems.append(item);
  };
  for (const part of data.linearizability) {
    const stuck = part.stuck.map((s) => s.op).filter((i) => i >= 0);
    const at = stuck.length > 0 ? ` around ${fmtMs(minOf(stuck, (i) => ops.startMs[i]))}` : '';
    addProblem(`not linearizable${part.part === '' ? '' : ` (key ${part.part})`}: after ${part.prefix.length} ops in order, none of ${part.stuck.length} ops could go next${at}; state: ${part.stateBefore}`, stuck);
  }
  if (data.exactlyOnce !== null) {
    const byKind = new Map<string, number[]>();
    for (const anomaly of data.exactlyOnce.anomalies) byKind.set(anomaly.kind, [...(byKind.get(anomaly.kind) ?? []), ...anomaly.ops]);
    for (const [kind, list] of byKind) {
      const first = data.exactlyOnce.anomalies.find((a) => a.kind === kind)!;
      addProblem(`${data.exactlyOnce.counts[kind] ?? data.exactlyOnce.anomalies.filter((a) => a.kind === kind).length} ${kind} request(s), first: ${first.requestId}`, first.ops.length > 0 ? first.ops : list);
    }
  }
  if (problems.childElementCount === 0) $('problems-box').style.display = 'none';

  // ---- main timeline ----
  $('timeline-legend').append(
    ...outcomeNames.map((name, k) => el('span', { class: 'key', style: `--c:${outcomeColors[k]}` }, name === 'pending' ? 'never completed' : name)),
    el('span', { class: 'key outline', style: `--c:${colors.violation}` }, 'blamed by a checker'),
    ...faultNames.map((name) => el('span', { class: 'key faint', style: `--c:${faultColor(name)}` }, `fault: ${name}`)),
  );
  if (data.rowLabels.length > 0 && data.rowLabels[0].startsWith('t')) {
    $('timeline-legend').append(el('span', { class: 'hint' }, `rows: client threads t0…t${data.rowLabels.length - 1} (process mod concurrency: a process replaced after info continues its thread); ${data.processes.length} processes`));
  }
  const allOps = Array.from({ length: opCount }, (_, i) => i);
  const drawTimeline = intervalChart({
    canvas: $('timeline-canvas') as HTMLCanvasElement,
    rowLabels: data.rowLabels,
    opsDrawn: allOps,
    rowOfOp: (i) => ops.row[i],
    colorOf: (i) => outcomeColors[ops.type[i]],
    labelOf: (i) => `${data.fs[ops.f[i]]} ${ops.invokeValue[i]}`,
    getRange: () => view,
    setRange: setView,
    tooltipOf: opLines,
    heightMaxPx: 560,
  });
  redrawers.push(drawTimeline);
  selectionRedrawers.push(drawTimeline);
  $('reset-zoom').onclick = () => setView(fullRange.fromMs, fullRange.toMs);
  $('zoom-out').onclick = () => {
    const middle = (view.fromMs + view.toMs) / 2;
    const half = (view.toMs - view.fromMs) * 2;
    setView(middle - half, middle + half);
  };
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && selected >= 0) select(-1);
  });

  // ---- latency (per op type) and throughput ----
  const percentileLines = [{ q: 0.5, color: '#1565c0', name: 'p50' }, { q: 0.95, color: '#6a1b9a', name: 'p95' }, { q: 0.99, color: '#212121', name: 'p99' }];
  const opsByF: number[][] = data.fs.map(() => []);
  for (let i = 0; i < opCount; i++) if (ops.type[i] !== 3) opsByF[ops.f[i]].push(i);
  const latencyBox = $('latency-charts');
  data.fs.forEach((f, fIndex) => {
    if (opsByF[fIndex].length === 0) return;
    const figure = el('figure');
    const canvas = el('canvas', { 'data-chart': `latency-${f}` });
    figure.append(el('figcaption', {}, `${f}: latency per operation (log scale), p50 / p95 / p99`), canvas);
    latencyBox.append(figure);
    const list = opsByF[fIndex];
    let latencyMax = 0.001;
    let latencyMin = Infinity;
    for (const i of list) {
      const latency = ops.endMs[i] - ops.startMs[i];
      latencyMax = Math.max(latencyMax, latency);
      if (latency > 0) latencyMin = Math.min(latencyMin, latency);
    }
    const logMin = Math.log10(Math.min(latencyMin, latencyMax) * 0.8 || 0.001);
    const logMax = Math.log10(latencyMax * 1.2);
    redrawers.push(() => {
      const heightPx = 200;
      const context = prepareCanvas(canvas, heightPx);
      const widthPx = parseFloat(canvas.style.width);
      const plot: Plot = { left: 56, top: 18, width: widthPx - 64, height: heightPx - 30, ...view };
      const yOf = (latency: number): number => plot.top + plot.height - ((Math.log10(Math.max(latency, 1e-3)) - logMin) / (logMax - logMin || 1)) * plot.height;
      drawTimeAxis(context, plot);
      drawFaults(context, plot, true);
      context.fillStyle = '#555';
      context.textAlign = 'right';
      context.textBaseline = 'middle';
      for (let power = Math.ceil(logMin); power <= logMax; power++) {
        const y = yOf(Math.pow(10, power));
        context.fillText(fmtMs(Math.pow(10, power)), plot.left - 4, y);
        context.strokeStyle = '#eee';
        context.beginPath();
        context.moveTo(plot.left, y);
        context.lineTo(plot.left + plot.width, y);
        context.stroke();
      }
      // Points, one pixel cell drawn once per colour: 100,000 points cost what the screen has.
      // Batched by colour into one path each: setting fillStyle per point is what costs.
      const seen = new Set<number>();
      const batches = outcomeColors.map(() => new Path2D());
      const blamedPath = new Path2D();
      for (const i of list) {
        const t = ops.startMs[i];
        if (t < plot.fromMs || t > plot.toMs) continue;
        const x = Math.round(xOf(plot, t));
        const y = Math.round(yOf(ops.endMs[i] - ops.startMs[i]));
        if (violating.has(i)) {
          blamedPath.rect(x - 2, y - 2, 5, 5);
          continue;
        }
        const key = (x * 4096 + y) * 4 + ops.type[i];
        if (seen.has(key)) continue;
        seen.add(key);
        batches[ops.type[i]].rect(x - 1, y - 1, 2, 2);
      }
      batches.forEach((path, type) => {
        context.fillStyle = outcomeColors[type];
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
          const x = xOf(plot, plot.fromMs + (b + 0.5) * bucketMs);
          if (penDown) context.lineTo(x, yOf(value));
          else context.moveTo(x, yOf(value));
          penDown = true;
        });
        context.stroke();
      }
      context.lineWidth = 1;
      context.textAlign = 'left';
      percentileLines.forEach((line, k) => {
        context.fillStyle = line.color;
        context.fillText(line.name, plot.left + plot.width - 90 + k * 30, plot.top + 8);
      });
    });
  });
  $('latency-legend').append(
    ...outcomeNames.slice(0, 3).map((name, k) => el('span', { class: 'key', style: `--c:${outcomeColors[k]}` }, name)),
    el('span', { class: 'key', style: `--c:${colors.violation}` }, 'blamed by a checker'),
    ...percentileLines.map((line) => el('span', { class: 'key line', style: `--c:${line.color}` }, line.name)),
  );

  const throughputCanvas = $('throughput-canvas') as HTMLCanvasElement;
  const seriesColors = ['#1e88e5', '#43a047', '#fb8c00', '#8e24aa', '#e53935', '#00897b', '#6d4c41', '#3949ab'];
  $('throughput-legend').append(...data.fs.map((f, k) => el('span', { class: 'key line', style: `--c:${seriesColors[k % seriesColors.length]}` }, f)));
  redrawers.push(() => {
    const heightPx = 200;
    const context = prepareCanvas(throughputCanvas, heightPx);
    const widthPx = parseFloat(throughputCanvas.style.width);
    const plot: Plot = { left: 56, top: 18, width: widthPx - 64, height: heightPx - 30, ...view };
    const bucketCount = Math.max(10, Math.min(120, Math.floor(plot.width / 8)));
    const bucketMs = (plot.toMs - plot.fromMs) / bucketCount;
    const series = data.fs.map(() => new Array<number>(bucketCount).fill(0));
    for (let i = 0; i < opCount; i++) {
      if (ops.type[i] === 3) continue;
      const b = Math.floor((ops.endMs[i] - plot.fromMs) / bucketMs);
      if (b >= 0 && b < bucketCount) series[ops.f[i]][b] += 1;
    }
    let rateMax = 1;
    for (const s of series) for (const count of s) rateMax = Math.max(rateMax, count / (bucketMs / 1000));
    const yOf = (rate: number): number => plot.top + plot.height - (rate / (rateMax * 1.1)) * plot.height;
    drawTimeAxis(context, plot);
    drawFaults(context, plot, true);
    context.fillStyle = '#555';
    context.textAlign = 'right';
    context.textBaseline = 'middle';
    const step = niceStep(rateMax * 1.1, 4);
    for (let rate = 0; rate <= rateMax * 1.1; rate += step) context.fillText(`${+rate.toFixed(1)}/s`, plot.left - 4, yOf(rate));
    series.forEach((s, k) => {
      context.strokeStyle = seriesColors[k % seriesColors.length];
      context.lineWidth = 1.5;
      context.beginPath();
      s.forEach((count, b) => {
        const x = xOf(plot, plot.fromMs + (b + 0.5) * bucketMs);
        const y = yOf(count / (bucketMs / 1000));
        if (b === 0) context.moveTo(x, y);
        else context.lineTo(x, y);
      });
      context.stroke();
    });
    context.lineWidth = 1;
  });

  // ---- linearizability: Porcupine's view of the part that could not be linearized ----
  const linBox = $('linearizability');
  if (data.linearizability.length === 0) linBox.style.display = 'none';
  data.linearizability.forEach((part, partIndex) => {
    const card = el('div', { class: 'card' });
    card.append(el('h3', {}, `Not linearizable${part.part === '' ? '' : `: key ${part.part}`} — ${part.prefix.length} ops linearized in order, then none of ${part.stuck.length} could go next`));
    if (part.note !== '') card.append(el('p', {}, part.note));
    card.append(el('p', { class: 'state' }, `Model state before the ops that could not go next: ${part.stateBefore || '(not given)'}`));
    const order = new Map<number, number>();
    part.prefix.forEach((step, k) => { if (step.op >= 0) order.set(step.op, k + 1); });
    const stuckSet = new Set(part.stuck.map((s) => s.op).filter((i) => i >= 0));
    // Start zoomed on the end of the prefix and the stuck ops: that is where it broke.
    const focus = [...part.prefix.slice(-8).map((s) => s.op), ...stuckSet].filter((i) => i >= 0);
    const partFrom = minOf(part.ops, (i) => ops.startMs[i]);
    const partTo = maxOf(part.ops, (i) => ops.endMs[i]);
    let focusFrom = focus.length > 0 ? minOf(focus, (i) => ops.startMs[i]) : partFrom;
    let focusTo = focus.length > 0 ? maxOf(focus, (i) => (ops.type[i] === 3 ? ops.startMs[i] + 1 : ops.endMs[i])) : partTo;
    const pad = Math.max((focusTo - focusFrom) * 0.15, 1);
    focusFrom -= pad;
    focusTo += pad;
    // Rows: those with ops near where it broke (others would be empty rows).
    const nearFrom = focusFrom - 3 * (focusTo - focusFrom);
    const nearTo = focusTo + 3 * (focusTo - focusFrom);
    const near = (i: number): boolean => ops.endMs[i] >= nearFrom && ops.startMs[i] <= nearTo;
    const processesInPart = [...new Set(part.ops.filter(near).map((i) => ops.row[i]))].sort((a, b) => a - b);
    const localRow = new Map(processesInPart.map((row, k) => [row, k]));
    const partOpsDrawn = part.ops.filter((i) => localRow.has(ops.row[i]));
    let range = { fromMs: focusFrom, toMs: focusTo };
    const canvas = el('canvas', { 'data-chart': `linearizability-${partIndex}` });
    const controls = el('div', { class: 'controls' });
    const reset = el('button', {}, 'where it broke');
    const whole = el('button', {}, `whole part (${part.ops.length} ops)`);
    controls.append(reset, whole, el('span', { class: 'hint' }, 'drag to zoom · hover for state · click for details'));
    const legend = el('div', { class: 'legend' });
    legend.append(
      el('span', { class: 'key', style: `--c:${colors.prefix}` }, 'linearized prefix (#order)'),
      el('span', { class: 'key', style: `--c:${colors.stuck}` }, 'could not go next'),
      el('span', { class: 'key', style: `--c:${colors.other}` }, 'not reached'),
    );
    card.append(controls, legend, el('div', { class: 'canvas-box' }));
    card.lastElementChild!.append(canvas);
    const draw = intervalChart({
      canvas,
      rowLabels: processesInPart.map((row) => data.rowLabels[row]),
      opsDrawn: partOpsDrawn,
      rowOfOp: (i) => localRow.get(ops.row[i])!,
      colorOf: (i) => (stuckSet.has(i) ? colors.stuck : order.has(i) ? colors.prefix : colors.other),
      labelOf: (i) => `${order.has(i) ? `#${order.get(i)} ` : ''}${ops.node[i] === '' ? '' : `${ops.node[i]}: `}${data.fs[ops.f[i]]} ${ops.invokeValue[i]}${ops.type[i] === 0 ? ` → ${outcomeOf(i)}` : ''}`,
      getRange: () => range,
      setRange: (fromMs, toMs) => { range = { fromMs, toMs }; draw(); },
      tooltipOf: (i) => [
        stuckSet.has(i) ? `could NOT be linearized next; state before: ${part.stateBefore}` : order.has(i) ? `linearized #${order.get(i)}; state after: ${part.prefix[order.get(i)! - 1].stateAfter || '?'}` : 'not reached by the longest prefix',
        ...opLines(i).slice(0, 4),
      ],
      heightMaxPx: 320,
    });
    reset.onclick = () => { range = { fromMs: focusFrom, toMs: focusTo }; draw(); };
    whole.onclick = () => { range = { fromMs: partFrom, toMs: partTo }; draw(); };
    redrawers.push(draw);
    selectionRedrawers.push(draw);

    const stepTable = (title: string, steps: typeof part.prefix, numberFrom: number, stateHeader: string): HTMLElement => {
      const box = el('div', { class: 'steps' });
      box.append(el('h4', {}, title));
      const table = el('table', { class: 'ops' });
      const head = el('tr');
      head.append(el('th', {}, '#'), el('th', {}, 'process'), el('th', {}, 'operation'), el('th', {}, 'interval'), el('th', {}, stateHeader));
      table.append(head);
      steps.forEach((step, k) => {
        const row = el('tr', { class: 'clickable' });
        const i = step.op;
        row.append(
          el('td', {}, numberFrom < 0 ? '—' : String(numberFrom + k)),
          el('td', {}, i >= 0 ? `p${data.processes[ops.proc[i]]}${ops.node[i] === '' ? '' : ` → ${ops.node[i]}`}` : ''),
          el('td', {}, i >= 0 ? opSummary(i) : step.label),
          el('td', {}, i >= 0 ? `${fmtMs(ops.startMs[i])} – ${ops.type[i] === 3 ? '∞' : fmtMs(ops.endMs[i])}` : ''),
          el('td', {}, numberFrom < 0 ? (step.note || part.stateBefore) : step.stateAfter),
        );
        row.onclick = () => { if (i >= 0) { select(i); range = { fromMs: Math.min(range.fromMs, ops.startMs[i]), toMs: Math.max(range.toMs, ops.endMs[i]) }; draw(); } };
        table.append(row);
      });
      box.append(table);
      return box;
    };
    const shownPrefix = 25;
    card.append(stepTable(`Could not go next from state ${part.stateBefore} (any of these ${part.stuck.length})`, part.stuck, -1, 'why'));
    card.append(stepTable(`Longest linearizable prefix, in order${part.prefix.length > shownPrefix ? ` (last ${shownPrefix} of ${part.prefix.length})` : ''}`, part.prefix.slice(-shownPrefix), Math.max(1, part.prefix.length - shownPrefix + 1), 'state after'));
    linBox.append(card);
  });

  // ---- exactly-once: each offending request, its client ops and server executions ----
  const onceBox = $('exactly-once');
  const once = data.exactlyOnce;
  if (once === null) onceBox.style.display = 'none';
  else {
    const countLine = el('p', { class: 'counts' });
    for (const [name, count] of Object.entries(once.counts)) countLine.append(el('span', { class: `count ${/dup|lost|phantom|unexpected|wrong|mismatch/i.test(name) && count > 0 ? 'bad' : ''}` }, `${name}: ${count}`));
    onceBox.append(countLine);
    for (const note of once.notes) onceBox.append(el('p', { class: 'state' }, note));
    const filter = el('input', { type: 'search', placeholder: 'filter requests (kind, request id)…', id: 'exactly-once-filter' });
    onceBox.append(filter);
    const cards: [string, HTMLElement][] = [];
    // Each request is a collapsible card: a broken run can have hundreds; the first few are open.
    const openCardsMax = 8;
    for (const [k, anomaly] of once.anomalies.entries()) {
      const card = el('details', { class: 'card anomaly' });
      if (k < openCardsMax) card.setAttribute('open', '');
      const heading = el('summary');
      const title = el('h3', {}, '');
      title.append(el('span', { class: 'badge invalid' }, anomaly.kind), document.createTextNode(` request ${anomaly.requestId}`));
      heading.append(title);
      card.append(heading);
      if (anomaly.detail !== '') card.append(el('p', {}, anomaly.detail));
      const table = el('table', { class: 'ops' });
      const head = el('tr');
      head.append(el('th', {}, 'client op'), el('th', {}, 'outcome'), el('th', {}, 'invoked'), el('th', {}, 'completed'), el('th', {}, 'value'));
      table.append(head);
      for (const i of anomaly.ops) {
        const row = el('tr', { class: 'clickable' });
        row.append(
          el('td', {}, `p${data.processes[ops.proc[i]]} ${data.fs[ops.f[i]]}`),
          el('td', { class: outcomeNames[ops.type[i]] }, outcomeNames[ops.type[i]]),
          el('td', {}, fmtMs(ops.startMs[i])),
          el('td', {}, ops.type[i] === 3 ? '—' : fmtMs(ops.endMs[i])),
          el('td', {}, `${ops.invokeValue[i]} → ${outcomeOf(i)}`),
        );
        row.onclick = () => focusOps([i], true);
        table.append(row);
      }
      if (anomaly.ops.length === 0) table.append(el('tr', {}, 'no client operation in the history carries this request id'));
      card.append(el('h4', {}, `Client operations (${anomaly.ops.length})`), table);
      card.append(el('h4', {}, `Server executions (${anomaly.executions.length})`));
      const executions = el('ol', { class: 'executions' });
      for (const execution of anomaly.executions) executions.append(el('li', {}, execution));
      if (anomaly.executions.length === 0) executions.append(el('li', {}, 'none'));
      card.append(executions);
      onceBox.append(card);
      cards.push([`${anomaly.kind} ${anomaly.requestId}`.toLowerCase(), card]);
    }
    if (once.omitted > 0) onceBox.append(el('p', {}, `… and ${once.omitted} more not listed (the checker lists a limited number of each kind; the counts above are complete).`));
    filter.addEventListener('input', () => {
      const needle = filter.value.toLowerCase();
      for (const [text, card] of cards) card.style.display = text.includes(needle) ? '' : 'none';
    });
  }

  let resizeTimer = 0;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(redrawAll, 100);
  });
  setView(fullRange.fromMs, fullRange.toMs);
  document.body.setAttribute('data-ready', '1');
}
