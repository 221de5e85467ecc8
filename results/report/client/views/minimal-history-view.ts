/**
 * The minimal history (DIR/minimal-history.jsonl, `harness shrink DIR`), first on the page: the
 * few operations the run's checkers still reject whatever every other operation did, which is
 * the shortest answer to "what went wrong". Its heading says the claim ("The 2 operations that
 * cannot be linearized together"), a line says what that means and how to re-check it, a table
 * lists the operations, and "show on the timeline" zooms the time charts onto them (kit.focusOps;
 * the kit outlines them as ops a checker blamed).
 */
import type { ReportView } from '../report-view.js';

export const minimalHistoryView: ReportView = {
  id: 'minimal-history',
  nav: 'Minimal history',
  heading: (data) => data.minimalHistory?.heading ?? '',
  css: `#minimal-history { border: 2px solid #c62828; border-radius: 6px; padding: 8px 14px; background: #fff5f5; }
#minimal-history h2 { border: 0; margin: 4px 0; color: #c62828; }
#minimal-history p { margin: 4px 0 8px; max-width: 1100px; }
#minimal-history p > code { background: #263238; color: #eceff1; padding: 2px 8px; border-radius: 4px; word-break: break-all; }
#minimal-history table.ops { background: #fff; margin: 6px 0; }
#minimal-history .minimal-note { color: #c62828; }`,
  hasContent: (data) => data.minimalHistory !== null,
  mount: (kit, section) => {
    const { el } = kit;
    const minimal = kit.data.minimalHistory!;
    if (minimal.note !== '') section.append(el('p', { class: 'minimal-note' }, minimal.note));
    if (minimal.ops.length === 0) return;
    const otherCount = Math.max(0, minimal.operationsBefore - minimal.ops.length);
    const checkers = minimal.checkers.length === 0 ? "the run's checkers" : minimal.checkers.join(', ');
    const about = el('p', {}, `Shrunk by harness shrink from the run's ${minimal.operationsBefore} operations: the other ${otherCount} were removed, and ${checkers} still reject${minimal.checkers.length === 1 ? 's' : ''} these whatever each removed one did within its own call (or if it never happened).`);
    const recheck = el('p', {}, 'Re-check it: ');
    const command = `harness check ${minimal.file}`;
    const copy = el('button', {}, 'copy');
    copy.onclick = () => void navigator.clipboard?.writeText(command);
    recheck.append(el('code', {}, command), document.createTextNode(' '), copy);
    const drawn = minimal.ops.map((op) => op.op).filter((i) => i >= 0);
    const controls = el('div', { class: 'controls' });
    const show = el('button', { id: 'minimal-history-show' }, 'show on the timeline');
    show.onclick = () => kit.focusOps(drawn);
    if (drawn.length === 0) show.disabled = true;
    controls.append(show, el('span', { class: 'hint' }, 'zooms the time charts onto them, outlined; click a row for one operation'));

    const table = el('table', { class: 'ops' });
    const head = el('tr');
    for (const name of ['process', 'operation', 'value sent', 'outcome', 'value returned', 'invoke → complete', 'node']) head.append(el('th', {}, name));
    table.append(head);
    for (const op of minimal.ops) {
      const row = el('tr', { class: op.op >= 0 ? 'clickable' : '' });
      const time = op.outcome === 'pending' ? `${kit.fmtMs(op.startMs)} → never completed` : `${kit.fmtMs(op.startMs)} → ${kit.fmtMs(op.endMs)}`;
      row.append(
        el('td', {}, op.process),
        el('td', {}, op.f),
        el('td', {}, op.invokeValue),
        el('td', { class: op.outcome }, op.outcome),
        el('td', {}, op.outcome === 'pending' ? '—' : op.outcomeValue),
        el('td', {}, time),
        el('td', {}, op.node || '—'),
      );
      if (op.op >= 0) row.onclick = () => kit.focusOps([op.op], drawn);
      table.append(row);
    }
    section.append(about, recheck, controls, table);
  },
};
