/**
 * Exactly-once: the checker's counts, then each duplicated / lost / phantom / unexpected
 * request with its client ops and the server's executions of it, filterable; what a request
 * id is, said where the ids appear.
 */
import type { ReportView } from '../report-view.js';

export const exactlyOnceView: ReportView = {
  id: 'exactly-once',
  nav: 'Exactly-once',
  heading: 'Exactly-once: requests applied other than exactly once',
  css: `.request-id { border-bottom: 1px dotted #666; cursor: help; }`,
  hasContent: (data) => data.exactlyOnce !== null,
  mount: (kit, section) => {
    const { data, ops, el } = kit;
    const once = data.exactlyOnce!;
    const example = once.anomalies[0]?.requestId ?? '';
    const parts = /^(\d+):(\d+)$/.exec(example);
    // The ledger workload writes <process>:<op number of its client thread>; other workloads
    // may use any string, so the shape is only spelled out when the ids have it.
    const meaning = 'A request id is the id the client puts in a request and keeps on every retry of it, so the server and this checker can tell a repeat from a new request.';
    const explained = parts === null ? meaning : `${meaning} Here ids read process:op, so ${example} is process ${parts[1]}'s request number ${parts[2]} (counted from 0 on its client thread).`;
    section.append(el('p', { class: 'hint', id: 'request-id-explained' }, explained));
    const requestId = (id: string): HTMLElement => el('span', { class: 'request-id', title: explained }, id);
    const countLine = el('p', { class: 'counts' });
    for (const [name, count] of Object.entries(once.counts)) countLine.append(el('span', { class: `count ${/dup|lost|phantom|unexpected|wrong|mismatch/i.test(name) && count > 0 ? 'bad' : ''}` }, `${name}: ${count}`));
    section.append(countLine);
    for (const note of once.notes) section.append(el('p', { class: 'state' }, note));
    const filter = el('input', { type: 'search', placeholder: 'filter requests (kind, request id)…', id: 'exactly-once-filter' });
    section.append(filter);
    const cards: [string, HTMLElement][] = [];
    // Each request is a collapsible card: a broken run can have hundreds; the first few are open.
    const openCardsMax = 8;
    for (const [k, anomaly] of once.anomalies.entries()) {
      const card = el('details', { class: 'card anomaly' });
      if (k < openCardsMax) card.setAttribute('open', '');
      const heading = el('summary');
      const title = el('h3', {}, '');
      title.append(el('span', { class: 'badge invalid' }, anomaly.kind), document.createTextNode(' request '), requestId(anomaly.requestId));
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
          el('td', { class: kit.outcomeNames[ops.type[i]] }, kit.outcomeNames[ops.type[i]]),
          el('td', {}, kit.fmtMs(ops.startMs[i])),
          el('td', {}, ops.type[i] === 3 ? '—' : kit.fmtMs(ops.endMs[i])),
          el('td', {}, `${ops.invokeValue[i]} → ${kit.outcomeOf(i)}`),
        );
        row.onclick = () => kit.focusOps([i], anomaly.ops);
        table.append(row);
      }
      if (anomaly.ops.length === 0) table.append(el('tr', {}, 'no client operation in the history carries this request id'));
      card.append(el('h4', {}, `Client operations (${anomaly.ops.length})`), table);
      card.append(el('h4', {}, `Server executions (${anomaly.executions.length})`));
      const executions = el('ol', { class: 'executions' });
      for (const execution of anomaly.executions) executions.append(el('li', {}, execution));
      if (anomaly.executions.length === 0) executions.append(el('li', {}, 'none'));
      card.append(executions);
      section.append(card);
      cards.push([`${anomaly.kind} ${anomaly.requestId}`.toLowerCase(), card]);
    }
    if (once.omitted > 0) section.append(el('p', {}, `… and ${once.omitted} more not listed (the checker lists a limited number of each kind; the counts above are complete).`));
    filter.addEventListener('input', () => {
      const needle = filter.value.toLowerCase();
      for (const [text, card] of cards) card.style.display = text.includes(needle) ? '' : 'none';
    });
  },
};
