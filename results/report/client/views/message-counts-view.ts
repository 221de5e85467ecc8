/**
 * A Maelstrom run's messages over time: messages sent per second by each node (and by the
 * harness's clients together), faults shaded, then a table of totals per sender -> receiver
 * with how many never arrived. Maelstrom's msgs-per-op figure is the total over the ops.
 */
import type { ReportView } from '../report-view.js';

export const messageCountsView: ReportView = {
  id: 'messages',
  nav: 'Messages',
  heading: 'Messages between nodes (Maelstrom): sent per second by each sender, and totals',
  markup: '<p class="note" id="messages-note"></p><div class="legend" id="messages-legend"></div><div class="canvas-box"><canvas id="messages-canvas" data-chart="messages"></canvas></div><table class="ops" id="messages-pairs"></table>',
  hasContent: (data) => data.messages !== null && data.messages.total > 0,
  mount: (kit) => {
    const { data, el } = kit;
    const flow = data.messages!;
    const canvas = kit.$('messages-canvas') as HTMLCanvasElement;
    const colors = ['#1e88e5', '#43a047', '#fb8c00', '#8e24aa', '#e53935', '#00897b', '#6d4c41', '#3949ab', '#c0ca33', '#5e35b1'];
    // One line per node; clients and services summed into one "harness" line.
    const series = flow.endpoints.slice(0, flow.nodeCount).map((name, i) => ({ name, counts: flow.sentPerBucket[i]! }));
    const harnessCounts = flow.sentPerBucket[0]!.map((_, b) => flow.sentPerBucket.slice(flow.nodeCount).reduce((sum, row) => sum + row[b]!, 0));
    if (flow.endpoints.length > flow.nodeCount) series.push({ name: 'clients + services', counts: harnessCounts });
    const opsOk = data.counts.ok + data.counts.fail + data.counts.info;
    const betweenNodes = flow.pairs.filter((p) => p.src < flow.nodeCount && p.dest < flow.nodeCount);
    const nodeSent = betweenNodes.reduce((sum, p) => sum + p.sent, 0);
    const nodeLost = betweenNodes.reduce((sum, p) => sum + p.sent - p.received, 0);
    kit.$('messages-note').textContent =
      `${flow.total} messages in all; ${nodeSent} between nodes (${nodeLost} never arrived)` +
      (opsOk > 0 ? `; ${(nodeSent / opsOk).toFixed(1)} node-to-node messages per client operation` : '') + '.';
    kit.$('messages-legend').append(...series.map((s, k) => el('span', { class: 'key line', style: `--c:${colors[k % colors.length]}` }, s.name)));

    kit.addChart(() => {
      const view = kit.view();
      const first = Math.max(0, Math.floor(view.fromMs / flow.bucketMs));
      const last = Math.min(series[0]!.counts.length - 1, Math.ceil(view.toMs / flow.bucketMs));
      let rateMax = 1;
      for (const s of series) for (let b = first; b <= last; b++) rateMax = Math.max(rateMax, s.counts[b]! / (flow.bucketMs / 1000));
      const { context, plot, yOf } = kit.canvas.drawRateFrame(canvas, view, rateMax, 170);
      series.forEach((s, k) => {
        context.strokeStyle = colors[k % colors.length]!;
        context.lineWidth = 1.5;
        context.beginPath();
        for (let b = first; b <= last; b++) {
          const x = kit.canvas.xOf(plot, (b + 0.5) * flow.bucketMs);
          const y = yOf(s.counts[b]! / (flow.bucketMs / 1000));
          if (b === first) context.moveTo(x, y);
          else context.lineTo(x, y);
        }
        context.stroke();
      });
      context.lineWidth = 1;
    }, false);

    const table = kit.$('messages-pairs');
    const head = el('tr');
    for (const title of ['from', 'to', 'sent', 'arrived', 'never arrived']) head.append(el('th', {}, title));
    table.append(head);
    for (const pair of flow.pairs) {
      const row = el('tr');
      row.append(el('td', {}, flow.endpoints[pair.src]!), el('td', {}, flow.endpoints[pair.dest]!), el('td', {}, String(pair.sent)), el('td', {}, String(pair.received)), el('td', {}, String(pair.sent - pair.received)));
      table.append(row);
    }
  },
};
