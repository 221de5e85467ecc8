/**
 * Porcupine's view of each part (key) that could not be linearized: its ops as intervals per
 * client, the longest linearizable prefix numbered in order, the ops none of which could go
 * next and the model state before them. Opens zoomed on where it broke.
 */
import type { ReportView } from '../report-view.js';

export const linearizabilityView: ReportView = {
  id: 'linearizability',
  nav: 'Linearizability',
  heading: 'Linearizability: where no linearization exists',
  hasContent: (data) => data.linearizability.length > 0,
  mount: (kit, section) => {
    const { data, ops, el, colors } = kit;
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
      const partFrom = kit.minOf(part.ops, (i) => ops.startMs[i]);
      const partTo = kit.maxOf(part.ops, (i) => ops.endMs[i]);
      let focusFrom = focus.length > 0 ? kit.minOf(focus, (i) => ops.startMs[i]) : partFrom;
      let focusTo = focus.length > 0 ? kit.maxOf(focus, (i) => (ops.type[i] === 3 ? ops.startMs[i] + 1 : ops.endMs[i])) : partTo;
      const pad = Math.max((focusTo - focusFrom) * 0.15, 1);
      focusFrom -= pad;
      focusTo += pad;
      // Rows: those with ops near where it broke (others would be empty rows).
      const nearFrom = focusFrom - 3 * (focusTo - focusFrom);
      const nearTo = focusTo + 3 * (focusTo - focusFrom);
      const near = (i: number): boolean => ops.endMs[i] >= nearFrom && ops.startMs[i] <= nearTo;
      const rowsInPart = [...new Set(part.ops.filter(near).map((i) => ops.row[i]))].sort((a, b) => a - b);
      const localRow = new Map(rowsInPart.map((row, k) => [row, k]));
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
      const draw = kit.intervalChart({
        canvas,
        rowLabels: rowsInPart.map((row) => data.rowLabels[row]),
        opsDrawn: part.ops.filter((i) => localRow.has(ops.row[i])),
        rowOfOp: (i) => localRow.get(ops.row[i])!,
        palette: [{ name: 'stuck', color: colors.stuck, alpha: 1 }, { name: 'prefix', color: colors.prefix, alpha: 1 }, { name: 'other', color: colors.other, alpha: 1 }],
        colorIndexOf: (i) => (stuckSet.has(i) ? 0 : order.has(i) ? 1 : 2),
        labelOf: (i) => `${order.has(i) ? `#${order.get(i)} ` : ''}${ops.node[i] === '' ? '' : `${ops.node[i]}: `}${data.fs[ops.f[i]]} ${ops.invokeValue[i]}${ops.type[i] === 0 ? ` → ${kit.outcomeOf(i)}` : ''}`,
        getRange: () => range,
        setRange: (fromMs, toMs) => { range = { fromMs, toMs }; draw(); },
        tooltipOf: (i) => [
          stuckSet.has(i) ? `could NOT be linearized next; state before: ${part.stateBefore}` : order.has(i) ? `linearized #${order.get(i)}; state after: ${part.prefix[order.get(i)! - 1].stateAfter || '?'}` : 'not reached by the longest prefix',
          ...kit.opLines(i).slice(0, 4),
        ],
        heightMaxPx: 320,
      });
      reset.onclick = () => { range = { fromMs: focusFrom, toMs: focusTo }; draw(); };
      whole.onclick = () => { range = { fromMs: partFrom, toMs: partTo }; draw(); };
      kit.addChart(draw, true);

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
            el('td', {}, i >= 0 ? kit.opSummary(i) : step.label),
            el('td', {}, i >= 0 ? `${kit.fmtMs(ops.startMs[i])} – ${ops.type[i] === 3 ? '∞' : kit.fmtMs(ops.endMs[i])}` : ''),
            el('td', {}, numberFrom < 0 ? (step.note || part.stateBefore) : step.stateAfter),
          );
          row.onclick = () => { if (i >= 0) { kit.select(i); range = { fromMs: Math.min(range.fromMs, ops.startMs[i]), toMs: Math.max(range.toMs, ops.endMs[i]) }; draw(); } };
          table.append(row);
        });
        box.append(table);
        return box;
      };
      const shownPrefix = 25;
      card.append(stepTable(`Could not go next from state ${part.stateBefore} (any of these ${part.stuck.length})`, part.stuck, -1, 'why'));
      card.append(stepTable(`Longest linearizable prefix, in order${part.prefix.length > shownPrefix ? ` (last ${shownPrefix} of ${part.prefix.length})` : ''}`, part.prefix.slice(-shownPrefix), Math.max(1, part.prefix.length - shownPrefix + 1), 'state after'));
      section.append(card);
    });
  },
};
