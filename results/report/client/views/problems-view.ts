/**
 * "Where it broke": one line per violation, each with a "show" button that zooms every time
 * chart onto the offending ops, the ops they conflict with and the fault around them.
 */
import type { ReportView } from '../report-view.js';

export const problemsView: ReportView = {
  id: 'problems-box',
  heading: 'Where it broke',
  markup: '<ul id="problems"></ul>',
  css: `#problems-box { border: 2px solid #c62828; border-radius: 6px; padding: 8px 14px; background: #fff5f5; }
#problems-box h2 { border: 0; margin: 4px 0; color: #c62828; }
#problems li { margin: 4px 0; }`,
  hasContent: (data) => data.linearizability.length > 0 || (data.exactlyOnce?.anomalies.length ?? 0) > 0 || data.txnAnomalies !== null,
  mount: (kit) => {
    const { data, ops, el } = kit;
    const problems = kit.$('problems');
    const addProblem = (text: string, list: number[], context: number[]): void => {
      const item = el('li');
      const button = el('button', {}, 'show');
      button.onclick = () => kit.focusOps(list, context);
      item.append(button, document.createTextNode(` ${text}`));
      problems.append(item);
    };
    for (const part of data.linearizability) {
      const stuck = part.stuck.map((s) => s.op).filter((i) => i >= 0);
      const from = kit.minOf(stuck, (i) => ops.startMs[i]);
      const to = kit.maxOf(stuck, (i) => ops.endMs[i]);
      // What it conflicts with: the last ops linearized before it, and the part's ops that
      // ran at the same time as the ops that could not go next.
      const context = [
        ...part.prefix.slice(-4).map((s) => s.op),
        ...part.ops.filter((i) => ops.startMs[i] <= to && ops.endMs[i] >= from),
      ].filter((i) => i >= 0);
      const at = stuck.length > 0 ? ` around ${kit.fmtMs(from)}` : '';
      addProblem(`not linearizable${part.part === '' ? '' : ` (key ${part.part})`}: after ${part.prefix.length} ops in order, none of ${part.stuck.length} ops could go next${at}; state: ${part.stateBefore}`, stuck, context);
    }
    const once = data.exactlyOnce;
    if (once !== null) {
      const byKind = new Map<string, number[]>();
      for (const anomaly of once.anomalies) byKind.set(anomaly.kind, [...(byKind.get(anomaly.kind) ?? []), ...anomaly.ops]);
      for (const [kind, list] of byKind) {
        const first = once.anomalies.find((a) => a.kind === kind)!;
        addProblem(`${once.counts[kind] ?? once.anomalies.filter((a) => a.kind === kind).length} ${kind} request(s), first: request id ${first.requestId} (the id the client gave it, kept on every retry)`, first.ops.length > 0 ? first.ops : list, []);
      }
    }
    const txn = data.txnAnomalies;
    if (txn !== null) {
      // One line per anomaly type, showing its first cycle (or transactions) carried.
      for (const [name, count] of Object.entries(txn.counts)) {
        const cycle = txn.cycles.find((c) => c.anomaly === name);
        const observed = txn.observed.find((a) => a.anomaly === name);
        if (cycle !== undefined) {
          const path = `${cycle.edges.map((e) => `${cycle.txns[e.from].name} -${e.kind}->`).join(' ')} ${cycle.txns[cycle.edges[0]?.from ?? 0]?.name ?? ''}`;
          const processes = [...new Set(cycle.txns.map((t) => `p${t.process}`))].join(', ');
          addProblem(`${name} (${count}): a dependency cycle of transactions, first: ${path} on ${processes}`, cycle.txns.map((t) => t.op).filter((i) => i >= 0), []);
        } else if (observed !== undefined) {
          const words = observed.explanation.length > 140 ? `${observed.explanation.slice(0, 139)}…` : observed.explanation;
          addProblem(`${name} (${count}): transactions, first: ${words}`, observed.ops, []);
        }
      }
    }
  },
};
