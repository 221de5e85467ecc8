import assert from 'node:assert/strict';
import { execa } from 'execa';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const harnessBin = fileURLToPath(new URL('../../../../bin/harness.js', import.meta.url));
const harness = (...args: string[]) => execa(process.execPath, [harnessBin, ...args], { reject: false, stdin: 'ignore' });

type Row = [process: number | string, type: string, f: string, value: unknown];

/** A run folder as `harness test` stores it: test.json (its checkers), history.jsonl, maybe an execution log. */
function runFolder(root: string, name: string, checkers: string[], rows: Row[], executionLog?: unknown[]): string {
  const dir = path.join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'test.json'), JSON.stringify({ name, checkers, nodes: ['n1'], target: 'test', workload: 'test', nemesis: [] }));
  writeFileSync(path.join(dir, 'history.jsonl'), rows.map(([process, type, f, value], index) => `${JSON.stringify({ index, timeNs: index * 1000, process, type, f, value })}\n`).join(''));
  if (executionLog !== undefined) writeFileSync(path.join(dir, 'execution-log.jsonl'), executionLog.map((entry) => `${JSON.stringify(entry)}\n`).join(''));
  return dir;
}

/** A keyed register history: noise on keys k1..k3, one stale read of k0 in the middle. */
function staleReadRows(): Row[] {
  const rows: Row[] = [];
  let process = 0;
  const op = (f: string, key: string, invoke: unknown, done: unknown) => {
    rows.push([process, 'invoke', f, [key, invoke]], [process, 'ok', f, [key, done]]);
    process = (process + 1) % 4;
  };
  for (let round = 0; round < 20; round += 1) {
    for (const key of ['k1', 'k2', 'k3']) op('write', key, round, round);
    for (const key of ['k1', 'k2', 'k3']) op('read', key, null, round);
    if (round === 10) {
      op('write', 'k0', 1, 1);
      op('write', 'k0', 2, 2);
      op('read', 'k0', null, 1);
    }
  }
  return rows;
}

describe('harness shrink DIR, harness check DIR and --shrink', function () {
  this.timeout(60_000);
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'shrink-test-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('shrinks a non-linearizable run to the stale read and the write it missed (the first write, within its own time, cannot explain it); check re-judges the minimal history as the run', async () => {
    const dir = runFolder(root, 'stale', ['linearizable', 'perf'], staleReadRows());
    const shrunk = await harness('shrink', dir, '--json');
    assert.equal(shrunk.exitCode, 1, shrunk.stderr);
    const summary = JSON.parse(shrunk.stdout) as { operationsBefore: number; operationsAfter: number; minimal: boolean; file: string };
    assert.deepEqual([summary.operationsBefore, summary.operationsAfter, summary.minimal], [123, 2, true]);
    const minimal = readFileSync(path.join(dir, 'minimal-history.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { type: string; value: unknown });
    assert.deepEqual(minimal.filter((e) => e.type === 'ok').map((e) => e.value), [['k0', 2], ['k0', 1]]);
    const recheck = await harness('check', path.join(dir, 'minimal-history.jsonl'));
    assert.equal(recheck.exitCode, 1, recheck.stdout + recheck.stderr);
    assert.match(recheck.stdout, /INVALID \(the run's checkers: linearizable, perf; 2 ops, judged as a part of the run/);
    const whole = await harness('check', dir);
    assert.equal(whole.exitCode, 1);
    assert.match(whole.stdout, /123 ops/);
  });

  it('rewrites DIR/report.html to show the minimal history first, worded by the checker that rejected the run; harness report DIR shows it too', async () => {
    const dir = runFolder(root, 'stale-report', ['linearizable', 'perf'], staleReadRows());
    // As harness test leaves it: results.json says which checker rejected the run.
    writeFileSync(path.join(dir, 'results.json'), JSON.stringify({ valid: false, results: [{ checker: 'linearizable', valid: false, summary: 'not linearizable' }, { checker: 'perf', valid: true, summary: '123 operations' }] }));
    const shrunk = await harness('shrink', dir);
    assert.equal(shrunk.exitCode, 1, shrunk.stdout + shrunk.stderr);
    assert.match(shrunk.stdout, /123 operations -> 2 in/);
    assert.ok(shrunk.stdout.includes(`rewrote ${path.join(dir, 'report.html')}: it shows the minimal history first`), shrunk.stdout);
    const firstSection = (html: string) => /<main>\s*<section id="([^"]+)"[^>]*><h2>([^<]*)<\/h2>/.exec(html)?.slice(1);
    assert.deepEqual(firstSection(readFileSync(path.join(dir, 'report.html'), 'utf8')), ['minimal-history', 'The 2 operations that cannot be linearized together']);
    rmSync(path.join(dir, 'report.html'));
    const report = await harness('report', dir);
    assert.equal(report.exitCode, 0, report.stderr);
    assert.deepEqual(firstSection(readFileSync(path.join(dir, 'report.html'), 'utf8')), ['minimal-history', 'The 2 operations that cannot be linearized together']);
    const json = await harness('shrink', dir, '--json');
    assert.equal((JSON.parse(json.stdout) as { report: string }).report, path.join(dir, 'report.html'));
  });

  it('shrinks an exactly-once run to the duplicated request, judged with the run\'s execution log', async () => {
    const rows: Row[] = [];
    const executions: unknown[] = [];
    for (let i = 0; i < 30; i += 1) {
      const value = { id: `0:${i}`, account: 'a', amount: 1 };
      rows.push([i, 'invoke', 'deposit', value], [i, 'ok', 'deposit', value]);
      executions.push({ id: `0:${i}`, result: { ok: true }, op: { f: 'deposit', account: 'a', amount: 1 } });
      if (i === 17) executions.push({ id: `0:${i}`, result: { ok: true }, op: { f: 'deposit', account: 'a', amount: 1 } });
    }
    const dir = runFolder(root, 'dup', ['exactly-once', 'perf'], rows, executions);
    const shrunk = await harness('shrink', dir);
    assert.equal(shrunk.exitCode, 1, shrunk.stdout + shrunk.stderr);
    assert.match(shrunk.stdout, /30 operations -> 1 in/);
    assert.match(shrunk.stdout, /exactly-once: INVALID - Not exactly-once: 1 duplicated, among 1 requests/);
    const minimal = readFileSync(path.join(dir, 'minimal-history.jsonl'), 'utf8');
    assert.match(minimal, /"id":"0:17"/);
    assert.equal((await harness('check', path.join(dir, 'minimal-history.jsonl'))).exitCode, 1);
  });

  it('leaves a run its checkers accept alone (exit 0, no file), and refuses a folder that is no run (64)', async () => {
    const rows: Row[] = [[0, 'invoke', 'write', ['k', 1]], [0, 'ok', 'write', ['k', 1]], [1, 'invoke', 'read', ['k', null]], [1, 'ok', 'read', ['k', 1]]];
    const dir = runFolder(root, 'fine', ['linearizable'], rows);
    const result = await harness('shrink', dir);
    assert.equal(result.exitCode, 0, result.stderr);
    assert.match(result.stdout, /nothing to shrink: every checker accepts the history/);
    assert.equal(existsSync(path.join(dir, 'minimal-history.jsonl')), false);
    const notRun = await harness('shrink', root);
    assert.equal(notRun.exitCode, 64);
    assert.match(notRun.stderr, /is not a run folder/);
  });

  it('harness check FILE --shrink writes FILE.minimal.jsonl for a plain history file', async () => {
    const file = path.join(root, 'stale.jsonl');
    writeFileSync(file, staleReadRows().map(([process, type, f, value], index) => `${JSON.stringify({ index, timeNs: index, process, type, f, value })}\n`).join(''));
    const result = await harness('check', file, '--shrink');
    assert.equal(result.exitCode, 1, result.stderr);
    assert.match(result.stderr, /shrunk 123 operations to 2 in/);
    const recheck = await harness('check', path.join(root, 'stale.minimal.jsonl'), '--json');
    assert.equal((JSON.parse(recheck.stdout) as { ops: number; valid: boolean }).valid, false);
  });
});
