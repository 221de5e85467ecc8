/**
 * The state every view of report.html shares: the visible time window (all time charts
 * follow one zoom), the selected op and its details panel, the tooltip, what the checkers
 * said about each op, and small DOM and formatting helpers. Runs in the page, inlined as
 * source text (see report-view.ts): nothing outside this function's body.
 */
import type { ReportData } from '../report-data.js';
import type { BaseKit, TimeRange } from './report-view.js';

export function createKit(data: ReportData): BaseKit {
  const colors = { ok: '#4caf50', fail: '#e53935', info: '#fb8c00', pending: '#b08d57', violation: '#8e24aa', selected: '#000000', other: '#c8c8c8', prefix: '#43a047', stuck: '#d81b60' };
  const outcomeNames = ['ok', 'fail', 'info', 'pending'] as const;
  const outcomeColors = [colors.ok, colors.fail, colors.info, colors.pending];
  const faultPalette = ['#1e88e5', '#8e24aa', '#e53935', '#00897b', '#6d4c41', '#c0a000', '#3949ab'];
  const ops = data.ops;
  const opCount = ops.row.length;
  /** Completion value text; '\u0001' at the start stands for the invoke's value (history-columns.ts). */
  /** In a sampled report (ReportData.sampled) both texts of an op left out are ''. */
  const notKept = (i: number): boolean => data.sampled !== null && ops.invokeValue[i] === '' && ops.outcomeValue[i] === '';
  const notKeptText = '(value not kept in this sampled report; see history.jsonl)';
  const outcomeOf = (i: number): string => (notKept(i) ? notKeptText : ops.outcomeValue[i].startsWith('\u0001') ? ops.invokeValue[i] + ops.outcomeValue[i].slice(1) : ops.outcomeValue[i]);
  const invokeOf = (i: number): string => (notKept(i) ? notKeptText : ops.invokeValue[i]);
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

  // Ops some checker blamed: drawn outlined with a marker so they are found at a glance.
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
      tag(op, `${anomaly.kind} request ${anomaly.requestId} (request id: the client's id for it, kept on every retry)`);
    }
  }
  for (const cycle of data.txnAnomalies?.cycles ?? []) {
    cycle.txns.forEach((txn, k) => {
      violating.add(txn.op);
      const edges = cycle.edges.filter((e) => e.from === k || e.to === k).map((e) => `${cycle.txns[e.from].name} -${e.kind}-> ${cycle.txns[e.to].name}`);
      tag(txn.op, `${txn.name} of a ${cycle.anomaly} cycle: ${edges.join(', ')}`);
    });
  }
  for (const anomaly of data.txnAnomalies?.observed ?? []) {
    for (const op of anomaly.ops) {
      violating.add(op);
      tag(op, `${anomaly.anomaly}: ${anomaly.explanation.length > 160 ? `${anomaly.explanation.slice(0, 159)}…` : anomaly.explanation}`);
    }
  }
  // The minimal history's ops (harness shrink): the ones the claim is about, outlined like the rest.
  const minimalOps = data.minimalHistory?.ops ?? [];
  minimalOps.forEach((op, k) => {
    violating.add(op.op);
    tag(op.op, `in the minimal history (${k + 1} of ${minimalOps.length}): ${data.minimalHistory!.heading.toLowerCase()}`);
  });
  violating.delete(-1);

  const fullRange: TimeRange = { fromMs: 0, toMs: Math.max(data.durationMs, 1) };
  let view: TimeRange = { ...fullRange };
  let selected = -1;
  const charts: (() => void)[] = [];
  const selectionCharts: (() => void)[] = [];
  const setView = (fromMs: number, toMs: number): void => {
    if (toMs - fromMs < 0.01) toMs = fromMs + 0.01;
    view = { fromMs: Math.max(fullRange.fromMs, fromMs), toMs: Math.min(fullRange.toMs, toMs) };
    const label = document.getElementById('zoom-label');
    if (label !== null) label.textContent = view.fromMs === fullRange.fromMs && view.toMs === fullRange.toMs ? 'whole run' : `${fmtMs(view.fromMs)} – ${fmtMs(view.toMs)}`;
    document.body.dataset.viewFromMs = String(view.fromMs);
    document.body.dataset.viewToMs = String(view.toMs);
    charts.forEach((draw, k) => {
      const startMs = performance.now();
      draw();
      performance.measure(`chart ${k}`, { start: startMs });
    });
  };

  const tooltip = $('tooltip');
  const opTitle = (i: number): string => `process ${data.processes[ops.proc[i]]}${ops.node[i] === '' ? '' : ` → ${ops.node[i]}`} · ${data.fs[ops.f[i]]} · ${outcomeNames[ops.type[i]]}`;
  const opSummary = (i: number): string => `${data.fs[ops.f[i]]}(${ops.invokeValue[i]}) → ${outcomeNames[ops.type[i]]} ${ops.type[i] === 3 ? 'no completion' : outcomeOf(i)}`;
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
    `invoke: ${invokeOf(i)}`,
    `outcome: ${ops.type[i] === 3 ? '(never completed)' : outcomeOf(i)}`,
    `start ${fmtMs(ops.startMs[i])} · ${ops.type[i] === 3 ? 'open until the end' : `latency ${fmtMs(ops.endMs[i] - ops.startMs[i])}`}`,
    ...(tags.get(i) ?? []),
  ];

  const endOf = (i: number): number => (ops.type[i] === 3 ? ops.startMs[i] : ops.endMs[i]);
  /**
   * The ops with half their span on either side, widened to the start and end of each fault
   * window near them when that costs at most faultReach times the ops' own span: a reader
   * wants to see the fault the ops broke under, and not lose the ops to a whole-run view.
   */
  const faultReach = 12;
  const focusRange = (list: number[]): TimeRange => {
    const valid = list.filter((i) => i >= 0);
    if (valid.length === 0) return { ...fullRange };
    const from = minOf(valid, (i) => ops.startMs[i]);
    const to = maxOf(valid, endOf);
    const pad = Math.max((to - from) * 0.5, (fullRange.toMs - fullRange.fromMs) * 0.002, logicalTime ? 2 : 1);
    let range = { fromMs: from - pad, toMs: to + pad };
    const reach = (range.toMs - range.fromMs) * faultReach;
    for (const fault of data.faults) {
      if (fault.endMs < range.fromMs - reach || fault.startMs > range.toMs + reach) continue;
      const edgePad = (range.toMs - range.fromMs) * 0.05;
      const fromMs = Math.min(range.fromMs, fault.startMs - edgePad);
      const toMs = Math.max(range.toMs, fault.endMs + edgePad);
      if (toMs - fromMs <= reach + (range.toMs - range.fromMs)) range = { fromMs, toMs };
      else if (fault.startMs <= range.toMs && fault.endMs >= range.fromMs) {
        // Too long to show whole: keep the edge nearest the ops, if it is near.
        if (range.fromMs - fault.startMs <= reach && fault.startMs < range.fromMs) range = { ...range, fromMs: fault.startMs - edgePad };
        else if (fault.endMs - range.toMs <= reach && fault.endMs > range.toMs) range = { ...range, toMs: fault.endMs + edgePad };
      }
    }
    return range;
  };

  const select = (i: number): void => {
    selected = i;
    const panel = $('op-details');
    panel.replaceChildren();
    if (i < 0) {
      panel.style.display = 'none';
      selectionCharts.forEach((draw) => draw());
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
      ['invoke value', invokeOf(i)],
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
    show.onclick = () => focusOps([i]);
    panel.append(table, show);
    selectionCharts.forEach((draw) => draw());
  };
  const focusOps = (list: number[], context: number[] = [], scroll = true): void => {
    const valid = list.filter((i) => i >= 0);
    if (valid.length === 0) return;
    const range = focusRange([...valid, ...context]);
    select(valid[0]);
    setView(range.fromMs, range.toMs);
    if (scroll) document.getElementById('timeline')?.scrollIntoView({ behavior: 'auto', block: 'start' });
  };
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && selected >= 0) select(-1);
  });
  let resizeTimer = 0;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(() => charts.forEach((draw) => draw()), 100);
  });

  return {
    data, ops, opCount, colors, outcomeNames, outcomeColors, faultNames, faultColor, $, el, fmtMs, outcomeOf,
    opTitle, opSummary, opLines, minOf, maxOf, violating, tags, fullRange,
    view: () => view,
    setView,
    addChart: (draw, selection) => {
      charts.push(draw);
      if (selection) selectionCharts.push(draw);
    },
    selected: () => selected,
    select, focusOps, focusRange, showTooltip, hideTooltip,
  };
}
