/**
 * The summary: the page header, each checker's verdict, the run's counts, how to reproduce the
 * run (harness replay, then the seed command and what it does not give; harness shrink, or the
 * minimal history when the run has one), test.json.
 */
import type { ReportView } from '../report-view.js';

export const summaryView: ReportView = {
  id: 'summary',
  nav: 'Summary',
  heading: 'Summary',
  markup: `<div class="grid">
  <div><h3>Checkers</h3><table id="verdicts"></table><div id="other-results"></div></div>
  <div><h3>Run</h3><table id="counts"></table></div>
</div>
<div id="replay-box"><h3>Replay this run</h3>
<p id="replay-line">The operations each client sent and the faults as they hit, on the same schedule, five times; it ends with <em>reproduced K/5</em>, how often the verdict came back:<br><code id="replay"></code> <button id="copy-replay">copy</button></p>
<p id="seed-line">From its seed: the same operations and faults, but not the same timing (which of them a slow client got to, who led when a fault started):<br><code id="seed-command"></code> <button id="copy-seed-command">copy</button></p>
<p id="shrink-line" class="hint">Smaller: <code>harness shrink DIR</code> keeps the fewest operations its checkers still reject; <code>harness shrink DIR --rerun</code> finds the smallest command that still fails.</p></div>
<details><summary>Test spec (test.json)</summary><pre id="spec"></pre></details>`,
  css: `#replay-box p > code { display: inline-block; background: #263238; color: #eceff1; padding: 6px 10px; border-radius: 4px; word-break: break-all; }`,
  hasContent: () => true,
  mount: (kit) => {
    const { data, el, $ } = kit;
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
    const countRows: [string, string][] = [
      ['operations', String(kit.opCount)],
      ['ok', String(data.counts.ok)], ['fail', String(data.counts.fail)], ['info', String(data.counts.info)],
      ...(data.counts.pending > 0 ? [['never completed', String(data.counts.pending)] as [string, string]] : []),
      ['duration', kit.fmtMs(data.durationMs)],
      ['faults', data.faults.length === 0 ? 'none' : `${data.faults.length} windows (${kit.faultNames.join(', ')})`],
      ['seed', data.seed === null ? '—' : String(data.seed)],
    ];
    for (const [name, value] of countRows) {
      const row = el('tr');
      row.append(el('th', {}, name), el('td', {}, value));
      $('counts').append(row);
    }
    if (data.sampled !== null) {
      $('counts').after(el('p', { class: 'hint', id: 'sampled-note' }, `Sampled report: all ${kit.opCount} operations are drawn (times and outcomes), but only ${data.sampled.valueOps} keep their values (1 in ${data.sampled.valueStride}, and every op a checker named); the full history is history.jsonl.`));
    }
    const showCommand = (line: string, code: string, button: string, command: string) => {
      if (command === '') {
        $(line).style.display = 'none';
        return;
      }
      $(code).textContent = command;
      $(button).onclick = () => void navigator.clipboard?.writeText(command);
    };
    showCommand('replay-line', 'replay', 'copy-replay', data.replayCommand);
    showCommand('seed-line', 'seed-command', 'copy-seed-command', data.command);
    const minimal = data.minimalHistory;
    if (minimal !== null && minimal.ops.length > 0) {
      // Already shrunk: point to the result instead of suggesting to shrink again.
      const line = $('shrink-line');
      line.replaceChildren(
        document.createTextNode(`Smaller: already shrunk to ${minimal.ops.length} operation${minimal.ops.length === 1 ? '' : 's'}, `),
        el('a', { href: '#minimal-history' }, 'the minimal history at the top of this page'),
        document.createTextNode('; re-check it with '),
        el('code', {}, `harness check ${minimal.file}`),
        document.createTextNode('; '),
        el('code', {}, 'harness shrink DIR --rerun'),
        document.createTextNode(' finds the smallest command that still fails.'),
      );
    } else if (data.replayCommand === '' || data.valid !== false) $('shrink-line').style.display = 'none';
    if (data.replayCommand === '' && data.command === '') $('replay-box').style.display = 'none';
    $('spec').textContent = data.spec === null ? '(no test.json)' : JSON.stringify(data.spec, null, 2);
    for (const other of data.otherResults) {
      const details = el('details');
      details.append(el('summary', {}, `${other.checker}: full result`), el('pre', {}, other.json));
      $('other-results').append(details);
    }
  },
};
