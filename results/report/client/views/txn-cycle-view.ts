/**
 * The cycle a transactional checker (list-append, rw-register) found, drawn: each transaction
 * of the cycle a box on its process's row over the time it ran (invoke to completion, on the
 * run's time axis), its micro-ops written under it, each dependency an arrow from box to box
 * labelled with its relation (ww, wr, rw, rt, process), and the checker's explanation in words
 * beside it. A selector picks among the cycles the page carries; anomalies found without a
 * cycle (internal, G1a, lost-update, ...) are listed under it.
 */
import type { Plot, ReportView } from '../report-view.js';

export const txnCycleView: ReportView = {
  id: 'txn-cycles',
  nav: 'Cycles',
  heading: 'Transactions: the dependency cycles the checker found',
  css: `.cycle-grid { display: grid; grid-template-columns: minmax(0, 3fr) minmax(280px, 2fr); gap: 16px; align-items: start; }
.cycle-words pre { white-space: pre-wrap; word-break: break-word; max-height: 520px; }
.cycle-words h3 { margin-top: 0; }
.cycle-controls select { font: inherit; font-size: 12px; max-width: 520px; }
.txn-observed td:first-child { white-space: nowrap; word-break: normal; }
.edge-key { display: inline-block; margin-right: 10px; padding: 0 6px; border: 1.5px solid var(--c); border-radius: 8px; color: var(--c); font-weight: 600; font-size: 11px; }`,
  hasContent: (data) => data.txnAnomalies !== null,
  mount: (kit, section) => {
    const { data, ops, el } = kit;
    const found = data.txnAnomalies!;
    const cycles = found.cycles;
    const edgeColors: Record<string, string> = { ww: '#1565c0', wr: '#2e7d32', rw: '#c62828', rt: '#8e24aa', process: '#616161' };
    const edgeMeanings: Record<string, string> = {
      ww: 'ww: wrote after (write-write)', wr: 'wr: read what it wrote (write-read)', rw: 'rw: read before it wrote (anti-dependency)',
      rt: 'rt: completed before it began (realtime)', process: 'process: ran before it on the same process',
    };
    const colorOf = (kind: string): string => edgeColors[kind] ?? '#000';

    const summary = el('p');
    const countText = Object.entries(found.counts).map(([name, count]) => `${name}${count > 1 ? ` x${count}` : ''}`).join(', ');
    summary.textContent = `${countText}${found.notModels.length > 0 ? ` — not ${found.notModels.join(', ')}` : ''}.` +
      (found.cyclesOmitted > 0 ? ` This page carries ${cycles.length} cycles; ${found.cyclesOmitted} more were counted (see results.json, or harness check --json).` : '');
    section.append(summary);

    if (cycles.length > 0) {
      const card = el('div', { class: 'card anomaly' });
      const controls = el('div', { class: 'controls cycle-controls' });
      const picker = el('select', { 'aria-label': 'cycle' });
      cycles.forEach((cycle, k) => {
        const processes = [...new Set(cycle.txns.map((t) => `p${t.process}`))].join(' ');
        picker.append(el('option', { value: String(k) }, `${k + 1}. ${cycle.anomaly} — ${cycle.txns.length} transactions on ${processes}`));
      });
      const timelineButton = el('button', {}, 'show on the timeline');
      controls.append(...(cycles.length > 1 ? [picker] : []), timelineButton, el('span', { class: 'hint' }, 'hover a box or a label for details · click a box to pin its operation'));
      const legend = el('div', { class: 'legend' });
      for (const [kind, meaning] of Object.entries(edgeMeanings)) legend.append(el('span', { class: 'edge-key', style: `--c:${colorOf(kind)}`, title: meaning }, meaning));
      const grid = el('div', { class: 'cycle-grid' });
      const canvasBox = el('div', { class: 'canvas-box' });
      const canvas = el('canvas', { 'data-chart': 'txn-cycle' });
      canvasBox.append(canvas);
      const words = el('div', { class: 'cycle-words' });
      grid.append(canvasBox, words);
      card.append(controls, legend, grid);
      section.append(card);

      let current = 0;
      type Box = { txn: number; x0: number; x1: number; y0: number; y1: number; textX0: number; textX1: number };
      type Label = { edge: number; x0: number; x1: number; y0: number; y1: number };
      let boxes: Box[] = [];
      let labels: Label[] = [];
      const showWords = (): void => {
        const cycle = cycles[current];
        words.replaceChildren();
        const path = [...cycle.edges.map((e) => cycle.txns[e.from]?.name ?? '?'), cycle.txns[cycle.edges[0]?.from ?? 0]?.name ?? ''].join(' → ');
        words.append(el('h3', {}, `${cycle.anomaly}: ${path}`));
        const missing = cycle.txns.filter((t) => t.op < 0);
        if (missing.length > 0) words.append(el('p', {}, `Not found in the history (not drawn): ${missing.map((t) => `${t.name} ${t.description}`).join('; ')}`));
        words.append(el('pre', {}, cycle.explanation || cycle.edges.map((e) => `${cycle.txns[e.from]?.name} < ${cycle.txns[e.to]?.name} (${e.kind}): ${e.explanation}`).join('\n')));
      };

      const draw = (): void => {
        const cycle = cycles[current];
        const drawn = cycle.txns.map((t, k) => k).filter((k) => cycle.txns[k].op >= 0);
        const opOf = (k: number): number => cycle.txns[k].op;
        const pending = (k: number): boolean => ops.type[opOf(k)] === 3;
        // The time the cycle spans: a never-completed transaction counts by its start.
        let fromMs = kit.minOf(drawn, (k) => ops.startMs[opOf(k)]);
        let toMs = kit.maxOf(drawn, (k) => (pending(k) ? ops.startMs[opOf(k)] : ops.endMs[opOf(k)]));
        if (!Number.isFinite(fromMs)) { fromMs = 0; toMs = 1; }
        const padMs = Math.max((toMs - fromMs) * 0.05, data.timeUnit === 'event' ? 1 : 0.5);
        fromMs -= padMs;
        toMs += padMs;
        const procs = [...new Set(drawn.map((k) => ops.proc[opOf(k)]))].sort((a, b) => a - b);
        const rowOfProc = new Map(procs.map((p, r) => [p, r]));
        const rowLabels = procs.map((p) => `p${data.processes[p]}`);

        const widthPx = Math.max(300, canvas.parentElement!.clientWidth);
        const measure = canvas.getContext('2d')!;
        const textFont = '12px ui-monospace, monospace';
        const nameFont = 'bold 12px ui-monospace, monospace';
        measure.font = textFont;
        const gutter = kit.canvas.gutterFor(measure, rowLabels, 40);
        const axisHeightPx = 20;
        const plot: Plot = { left: gutter, top: axisHeightPx, width: widthPx - gutter - 12, height: 0, fromMs, toMs };
        const right = plot.left + plot.width;
        const boxHeightPx = 22;
        /** Room above each lane of boxes for the arrows and their labels. */
        const laneGapPx = 44;
        // The micro-ops on one line, starting inside the box (it runs on past a short box).
        const textOf = (k: number): string => cycle.txns[k].microOps.join('; ');
        const extent = drawn.map((k) => {
          const i = opOf(k);
          const x0 = Math.max(plot.left, kit.canvas.xOf(plot, ops.startMs[i]));
          const x1 = Math.min(right, Math.max(x0 + 4, pending(k) ? right : kit.canvas.xOf(plot, ops.endMs[i])));
          measure.font = nameFont;
          const nameWidth = measure.measureText(`${cycle.txns[k].name} `).width;
          measure.font = textFont;
          let text = textOf(k);
          const textX0 = Math.max(plot.left + 2, Math.min(x0 + 4, right - nameWidth - measure.measureText(text).width - 2));
          // Too long for the plot even from its left edge: cut, the tooltip has all of it.
          const widthLeftPx = right - 2 - textX0 - nameWidth;
          if (measure.measureText(text).width > widthLeftPx) {
            let keep = text.length;
            while (keep > 0 && measure.measureText(`${text.slice(0, keep)}…`).width > widthLeftPx) keep = Math.floor(keep * 0.9);
            text = `${text.slice(0, keep)}…`;
          }
          return { k, x0, x1, nameWidth, text, textX0, textX1: textX0 + nameWidth + measure.measureText(text).width };
        });
        // A row a process; within it, lanes so that no two texts overlap.
        const laneOf = new Map<number, number>();
        const laneCounts = procs.map(() => 0);
        for (const [r, proc] of procs.entries()) {
          const inRow = extent.filter((e) => ops.proc[opOf(e.k)] === proc).sort((a, b) => Math.min(a.x0, a.textX0) - Math.min(b.x0, b.textX0));
          const laneEnds: number[] = [];
          for (const e of inRow) {
            const start = Math.min(e.x0, e.textX0);
            let lane = laneEnds.findIndex((end) => end + 14 <= start);
            if (lane < 0) lane = laneEnds.length;
            laneEnds[lane] = Math.max(e.x1, e.textX1);
            laneOf.set(e.k, lane);
          }
          laneCounts[r] = laneEnds.length;
        }
        const laneHeightPx = laneGapPx + boxHeightPx;
        const rowTops: number[] = [];
        let y = plot.top;
        for (let r = 0; r < procs.length; r++) {
          rowTops.push(y);
          y += laneCounts[r] * laneHeightPx;
        }
        y += laneGapPx / 2;
        plot.height = y - plot.top;
        const context = kit.canvas.prepareCanvas(canvas, y + 4);
        kit.canvas.drawTimeAxis(context, plot, 14);
        kit.canvas.shadeFaults(context, plot);
        // Rows: a band each, alternately tinted, with a line between; every lane named after its process.
        for (let r = 0; r < procs.length; r++) {
          const bottom = r + 1 < procs.length ? rowTops[r + 1] : y;
          context.fillStyle = r % 2 === 0 ? 'rgba(0,0,0,0.035)' : 'rgba(21,101,192,0.035)';
          context.fillRect(plot.left, rowTops[r], plot.width, bottom - rowTops[r]);
          if (r > 0) {
            context.strokeStyle = '#d0d0d0';
            context.beginPath();
            context.moveTo(0, rowTops[r] + 0.5);
            context.lineTo(right, rowTops[r] + 0.5);
            context.stroke();
          }
        }
        const boxTopOf = (r: number, lane: number): number => rowTops[r] + lane * laneHeightPx + laneGapPx;
        kit.canvas.drawYLabels(context, plot, procs.flatMap((_, r) => Array.from({ length: laneCounts[r] }, (_unused, lane) => ({ text: rowLabels[r], y: boxTopOf(r, lane) + boxHeightPx / 2 }))));

        boxes = extent.map((e) => {
          const r = rowOfProc.get(ops.proc[opOf(e.k)])!;
          const y0 = boxTopOf(r, laneOf.get(e.k)!);
          return { txn: e.k, x0: e.x0, x1: e.x1, y0, y1: y0 + boxHeightPx, textX0: e.textX0, textX1: e.textX1 };
        });
        const boxOf = new Map(boxes.map((b) => [b.txn, b]));
        const nameWidthOf = new Map(extent.map((e) => [e.k, e.nameWidth]));
        const shownTextOf = new Map(extent.map((e) => [e.k, e.text]));

        // Edges leave and enter the box sides that face each other, nearest the other box, and
        // bend to the left of their direction: T1->T2 and T2->T1 stay apart.
        type Curve = { edge: number; x0: number; y0: number; cx: number; cy: number; x2: number; y2: number };
        const clamp = (value: number, low: number, high: number): number => Math.max(low, Math.min(high, value));
        const curves: Curve[] = [];
        cycle.edges.forEach((edge, n) => {
          const a = boxOf.get(edge.from);
          const b = boxOf.get(edge.to);
          if (a === undefined || b === undefined || a === b) return;
          const aCenterX = (a.x0 + a.x1) / 2;
          const bCenterX = (b.x0 + b.x1) / 2;
          let x0: number, y0: number, x2: number, y2: number;
          if (a.y0 === b.y0) {
            // Same lane: an arc above when going right, below when going left.
            const rightward = bCenterX >= aCenterX;
            x0 = rightward ? a.x1 - Math.min(6, (a.x1 - a.x0) / 2) : a.x0 + Math.min(6, (a.x1 - a.x0) / 2);
            x2 = rightward ? b.x0 + Math.min(6, (b.x1 - b.x0) / 2) : b.x1 - Math.min(6, (b.x1 - b.x0) / 2);
            y0 = y2 = rightward ? a.y0 : a.y1;
          } else {
            const downward = b.y0 > a.y0;
            const shift = downward ? 8 : -8;
            x0 = clamp(bCenterX, a.x0 + 2, a.x1 - 2) + shift;
            x2 = clamp(aCenterX, b.x0 + 2, b.x1 - 2) + shift;
            y0 = downward ? a.y1 : a.y0;
            y2 = downward ? b.y0 : b.y1;
          }
          const length = Math.max(1, Math.hypot(x2 - x0, y2 - y0));
          const bend = a.y0 === b.y0 ? Math.min(laneGapPx - 12, 14 + length * 0.1) : Math.min(60, Math.max(26, length * 0.2));
          const cx = (x0 + x2) / 2 + ((y2 - y0) / length) * bend;
          const cy = (y0 + y2) / 2 - ((x2 - x0) / length) * bend;
          curves.push({ edge: n, x0, y0, cx, cy, x2, y2 });
        });

        const selected = kit.selected();
        for (const b of boxes) {
          const i = opOf(b.txn);
          const ok = ops.type[i] === 0;
          context.fillStyle = ok ? '#bbdefb' : ops.type[i] === 1 ? '#ffcdd2' : '#ffe0b2';
          context.fillRect(b.x0, b.y0, b.x1 - b.x0, b.y1 - b.y0);
          context.strokeStyle = i === selected ? '#000' : ok ? '#1565c0' : '#ef6c00';
          context.lineWidth = i === selected ? 2.5 : 1.2;
          if (pending(b.txn)) context.setLineDash([4, 3]);
          context.strokeRect(b.x0, b.y0, b.x1 - b.x0, b.y1 - b.y0);
          context.setLineDash([]);
          context.lineWidth = 1;
        }
        context.lineWidth = 1.6;
        for (const c of curves) {
          context.strokeStyle = colorOf(cycle.edges[c.edge].kind);
          context.beginPath();
          context.moveTo(c.x0, c.y0);
          context.quadraticCurveTo(c.cx, c.cy, c.x2, c.y2);
          context.stroke();
        }
        // Texts haloed, so an arrow behind them does not hide them.
        context.textAlign = 'left';
        context.textBaseline = 'middle';
        context.lineJoin = 'round';
        for (const b of boxes) {
          const ty = (b.y0 + b.y1) / 2;
          const nameWidth = nameWidthOf.get(b.txn)!;
          context.lineWidth = 3;
          context.strokeStyle = 'rgba(255,255,255,0.85)';
          context.font = nameFont;
          context.strokeText(cycle.txns[b.txn].name, b.textX0, ty);
          context.font = textFont;
          context.strokeText(shownTextOf.get(b.txn)!, b.textX0 + nameWidth, ty);
          context.fillStyle = '#0d47a1';
          context.font = nameFont;
          context.fillText(cycle.txns[b.txn].name, b.textX0, ty);
          context.fillStyle = '#222';
          context.font = textFont;
          context.fillText(shownTextOf.get(b.txn)!, b.textX0 + nameWidth, ty);
        }
        context.lineWidth = 1;
        // Arrowheads and labels on top of everything; a label goes where it covers no text and no other label.
        labels = [];
        context.font = 'bold 11px system-ui, sans-serif';
        context.textBaseline = 'middle';
        context.textAlign = 'center';
        const overlapsAny = (l: { x0: number; x1: number; y0: number; y1: number }): boolean =>
          labels.some((o) => o.x0 - 4 < l.x1 && l.x0 < o.x1 + 4 && o.y0 - 2 < l.y1 && l.y0 < o.y1 + 2) ||
          boxes.some((b) => Math.min(b.x0, b.textX0) < l.x1 && l.x0 < Math.max(b.x1, b.textX1) && b.y0 < l.y1 && l.y0 < b.y1);
        for (const c of curves) {
          const kind = cycle.edges[c.edge].kind;
          const color = colorOf(kind);
          const angle = Math.atan2(c.y2 - c.cy, c.x2 - c.cx);
          context.fillStyle = color;
          context.beginPath();
          context.moveTo(c.x2, c.y2);
          context.lineTo(c.x2 - 9 * Math.cos(angle - 0.4), c.y2 - 9 * Math.sin(angle - 0.4));
          context.lineTo(c.x2 - 9 * Math.cos(angle + 0.4), c.y2 - 9 * Math.sin(angle + 0.4));
          context.closePath();
          context.fill();
          const widthOfLabel = context.measureText(kind).width + 12;
          const heightOfLabel = 16;
          const at = (t: number) => {
            const mx = (1 - t) * (1 - t) * c.x0 + 2 * (1 - t) * t * c.cx + t * t * c.x2;
            const my = (1 - t) * (1 - t) * c.y0 + 2 * (1 - t) * t * c.cy + t * t * c.y2;
            return { edge: c.edge, x0: mx - widthOfLabel / 2, x1: mx + widthOfLabel / 2, y0: my - heightOfLabel / 2, y1: my + heightOfLabel / 2 };
          };
          const label = [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8].map(at).find((l) => !overlapsAny(l)) ?? at(0.5);
          labels.push(label);
          context.fillStyle = '#fff';
          context.strokeStyle = color;
          context.lineWidth = 1.5;
          context.beginPath();
          context.roundRect(label.x0, label.y0, widthOfLabel, heightOfLabel, 8);
          context.fill();
          context.stroke();
          context.lineWidth = 1;
          context.fillStyle = color;
          context.fillText(kind, (label.x0 + label.x1) / 2, (label.y0 + label.y1) / 2 + 0.5);
        }
        context.textAlign = 'left';
        context.textBaseline = 'alphabetic';
        // What was drawn, for tests and tools (CSS px).
        canvas.dataset.cycle = String(current);
        canvas.dataset.boxes = JSON.stringify(boxes.map((b) => ({ name: cycle.txns[b.txn].name, row: rowLabels[rowOfProc.get(ops.proc[opOf(b.txn)])!], text: shownTextOf.get(b.txn)!, x0: Math.round(b.x0), x1: Math.round(b.x1), y0: Math.round(b.y0), y1: Math.round(b.y1) })));
        canvas.dataset.edgeLabels = JSON.stringify(labels.map((l) => ({ text: cycle.edges[l.edge].kind, from: cycle.txns[cycle.edges[l.edge].from].name, to: cycle.txns[cycle.edges[l.edge].to].name, x: Math.round((l.x0 + l.x1) / 2), y: Math.round((l.y0 + l.y1) / 2) })));
      };

      const hit = (event: MouseEvent): { label?: Label; box?: Box } => {
        const rect = canvas.getBoundingClientRect();
        const x = event.clientX - rect.left;
        const y = event.clientY - rect.top;
        const label = labels.find((l) => x >= l.x0 - 2 && x <= l.x1 + 2 && y >= l.y0 - 2 && y <= l.y1 + 2);
        if (label !== undefined) return { label };
        const box = boxes.find((b) => (x >= b.x0 - 2 && x <= b.x1 + 2 && y >= b.y0 - 2 && y <= b.y1 + 2) || (x >= b.textX0 && x <= b.textX1 && y >= b.y0 && y <= b.y1));
        return { box };
      };
      canvas.addEventListener('mousemove', (event) => {
        const cycle = cycles[current];
        const { label, box } = hit(event);
        if (label !== undefined) {
          const edge = cycle.edges[label.edge];
          kit.showTooltip(event, [`${cycle.txns[edge.from].name} → ${cycle.txns[edge.to].name}: ${edgeMeanings[edge.kind] ?? edge.kind}`, edge.explanation]);
        } else if (box !== undefined) {
          const txn = cycle.txns[box.txn];
          const touching = cycle.edges.filter((e) => e.from === box.txn || e.to === box.txn).map((e) => `${cycle.txns[e.from].name} → ${cycle.txns[e.to].name} ${e.kind}: ${e.explanation}`);
          kit.showTooltip(event, [`${txn.name} · ${kit.opTitle(txn.op)}`, `${kit.fmtMs(ops.startMs[txn.op])} – ${ops.type[txn.op] === 3 ? 'never completed' : kit.fmtMs(ops.endMs[txn.op])}`, ...txn.microOps, '', txn.description, '', ...touching]);
        } else kit.hideTooltip();
      });
      canvas.addEventListener('mouseleave', kit.hideTooltip);
      canvas.addEventListener('click', (event) => {
        const { box } = hit(event);
        if (box !== undefined) kit.select(cycles[current].txns[box.txn].op);
      });
      picker.onchange = () => {
        kit.hideTooltip();
        current = Number(picker.value);
        showWords();
        draw();
      };
      timelineButton.onclick = () => kit.focusOps(cycles[current].txns.map((t) => t.op).filter((i) => i >= 0));
      showWords();
      kit.addChart(draw, true);
    }

    if (found.observed.length > 0) {
      const box = el('div', { class: 'card' });
      box.append(el('h3', {}, `Found without a cycle${found.observedOmitted > 0 ? ` (first ${found.observed.length}; ${found.observedOmitted} more counted)` : ''}`));
      const table = el('table', { class: 'ops txn-observed' });
      const head = el('tr');
      head.append(el('th', {}, 'anomaly'), el('th', {}, 'what the checker saw'), el('th', {}, 'transactions'));
      table.append(head);
      for (const anomaly of found.observed) {
        const row = el('tr', { class: anomaly.ops.length > 0 ? 'clickable' : '' });
        row.append(el('td', {}, anomaly.anomaly), el('td', {}, anomaly.explanation), el('td', {}, anomaly.txnTexts.join('\n')));
        if (anomaly.ops.length > 0) row.onclick = () => kit.focusOps(anomaly.ops);
        table.append(row);
      }
      box.append(table);
      section.append(box);
    }
  },
};
