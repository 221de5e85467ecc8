/**
 * Every view of a history counts it the same way (issue 10, item 3): the run's checkers and
 * results.json, the report data and `harness check --json` agree on the client operations,
 * their outcomes and the fault windows. The histories are the harness's own: a run with info
 * and fail operations and two faults (one healed at the end), then the same history torn at
 * its end and torn in the middle of a fault (a run killed mid-write).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkers } from '../../../checkers/registry.js';
import type { PerfResult } from '../../../checkers/perf.js';
import type { HistorySummary } from '../../../harness/history/history-summary.js';
import type { Completion, Op } from '../../../harness/interfaces.js';
import { runCheckers } from '../../../harness/run.js';
import type { TestSpec } from '../../../harness/spec.js';
import { buildReportData } from '../../../results/report/build-report-data.js';
import { readRun } from '../../../results/report/read-run.js';
import { NoopClient, NoopTarget, noopTargetDefinition } from '../../../targets/noop-target.js';
import { dependencies, runWith, scriptedNemesis, testSpec } from '../run-fakes.js';

const repo = fileURLToPath(new URL('../../../../', import.meta.url));

/** The noop register, but every 5th write or cas answers info (after taking effect or not: it is unknown either way). */
function flakyNoopTarget(tally: Record<Completion['type'], number>) {
  let calls = 0;
  return {
    ...noopTargetDefinition,
    createTarget: () => new NoopTarget(),
    createClient: (_spec: TestSpec, target: unknown) => {
      const client = new NoopClient(target as NoopTarget);
      return {
        open: async () => {},
        close: async () => {},
        invoke: async (run: unknown, op: Op): Promise<Completion> => {
          const completion = await client.invoke(run, op);
          const answer: Completion = op.f !== 'read' && ++calls % 5 === 0 ? { type: 'info', value: op.value, error: 'timed-out' } : completion;
          tally[answer.type] += 1;
          return answer;
        },
      };
    },
  };
}

interface Views {
  check: { ops: number; history: HistorySummary };
  linearizableOps: number;
  perf: PerfResult;
  report: ReturnType<typeof buildReportData>;
}

describe('one history toolkit: checkers, report data and harness check count alike', function () {
  this.timeout(120_000);
  let store = '';
  before(() => {
    store = mkdtempSync(join(tmpdir(), 'toolkit-consistency-'));
  });
  after(() => rmSync(store, { recursive: true, force: true }));

  function harnessCheck(file: string): Views['check'] {
    const cli = spawnSync(process.execPath, [join(repo, 'bin', 'harness.js'), 'check', '--json', file], { encoding: 'utf8', timeout: 60_000 });
    assert.ok(cli.status === 0 || cli.status === 1, `harness check exited ${cli.status}: ${cli.stderr}`);
    return JSON.parse(cli.stdout.trim()) as Views['check'];
  }

  function viewsOf(runDir: string, spec: TestSpec): Views {
    // `harness check DIR` judges with the run's own checkers; a history file outside a run folder with the linearizability checker.
    const check = harnessCheck(runDir);
    const loose = join(store, `${basename(runDir)}.jsonl`);
    cpSync(join(runDir, 'history.jsonl'), loose);
    const looseCheck = harnessCheck(loose);
    assert.deepEqual([looseCheck.ops, looseCheck.history], [check.ops, check.history], 'harness check FILE and harness check DIR');
    const saved = readRun(runDir);
    const [linearizable, perf] = runCheckers(spec, checkers, saved.events, undefined);
    assert.notEqual(linearizable!.valid, 'unknown', linearizable!.summary);
    const report = buildReportData({ title: 't', source: runDir, spec: saved.spec, results: saved.results, events: saved.events });
    return { check, linearizableOps: (linearizable as unknown as { ops: number }).ops, perf: perf as PerfResult, report };
  }

  /** The agreement itself: the same numbers, whichever view counted them. */
  function assertAgree({ check, linearizableOps, perf, report }: Views): HistorySummary {
    const history = check.history;
    assert.equal(check.ops, history.operations, 'harness check: checked ops = operations in the file');
    assert.equal(linearizableOps, history.operations, 'linearizability checker');
    assert.deepEqual([perf.overall.ops, perf.overall.ok, perf.overall.fail, perf.overall.info], [history.operations, history.ok, history.fail, history.info + history.pending], 'perf checker');
    assert.equal(report.ops.row.length, history.operations, 'report: one op drawn per operation');
    assert.deepEqual(report.counts, { ok: history.ok, fail: history.fail, info: history.info, pending: history.pending }, 'report counts');
    const byKind = (kinds: string[]) => kinds.reduce<Record<string, number>>((counts, kind) => ({ ...counts, [kind]: (counts[kind] ?? 0) + 1 }), {});
    assert.deepEqual(byKind(perf.faultWindows.map((w) => w.kind)), history.faultWindows, 'perf fault windows');
    assert.deepEqual(byKind(report.faults.map((w) => w.name)), history.faultWindows, 'report fault windows');
    for (const [k, window] of perf.faultWindows.entries()) {
      assert.ok(Math.abs(report.faults[k]!.startMs - window.startNs / 1e6) < 0.001, `fault window ${k} starts at the same time in the report and the perf checker`);
    }
    return history;
  }

  it('agree on a whole run, a run torn at its last line and a run torn in the middle of a fault', async () => {
    const tally = { ok: 0, fail: 0, info: 0 };
    const plan = scriptedNemesis([
      { atMs: 80, op: { f: 'start-partition', value: { n1: ['client'] } } },
      { atMs: 200, op: { f: 'stop-partition', value: null } },
      { atMs: 300, op: { f: 'start-pause', value: 'n1' } }, // still active at the time limit: healed, and stopped, at the end
    ]);
    const spec = testSpec({ timeLimitMs: 450, rateHz: 400, opTimeoutMs: 10_000, checkers: ['linearizable', 'perf'] });
    const outcome = await runWith(spec, dependencies({ target: flakyNoopTarget(tally), createNemesis: () => plan, checkers }), store);

    // Whole: the views agree with each other and with what the clients answered.
    const wholeViews = viewsOf(outcome.dir, spec);
    const whole = assertAgree(wholeViews);
    assert.deepEqual({ ok: whole.ok, fail: whole.fail, info: whole.info, pending: whole.pending }, { ...tally, pending: 0 }, 'the counts are the answers the clients gave');
    assert.ok(whole.info > 0 && whole.fail > 0 && whole.ok > 0, `the run has every outcome: ${JSON.stringify(whole)}`);
    assert.deepEqual(whole.faultWindows, { partition: 1, pause: 1 });
    for (const [k, window] of wholeViews.perf.faultWindows.entries()) {
      assert.ok(Math.abs(wholeViews.report.faults[k]!.endMs - window.stopNs / 1e6) < 0.001, `fault window ${k} stops at the same time in the report and the perf checker`);
    }
    const results = JSON.parse(readFileSync(join(outcome.dir, 'results.json'), 'utf8')) as { counts: Record<string, number> };
    assert.deepEqual(results.counts, { ok: whole.ok, fail: whole.fail, info: whole.info + whole.pending }, 'results.json counts');

    // Torn like a run killed while writing: a copy of the run folder, no results.json, the history cut mid-line.
    const lines = readFileSync(join(outcome.dir, 'history.jsonl'), 'utf8').split('\n');
    const tornAt = (name: string, line: number): string => {
      const dir = join(store, name);
      cpSync(outcome.dir, dir, { recursive: true });
      rmSync(join(dir, 'results.json'));
      writeFileSync(join(dir, 'history.jsonl'), [...lines.slice(0, line), lines[line]!.slice(0, Math.floor(lines[line]!.length / 2))].join('\n'));
      return dir;
    };
    const lastLine = lines.length - 1 - [...lines].reverse().findIndex((line) => line !== '');
    assert.match(lines[lastLine]!, /"type":"ok"/, 'the run ends with a final read completing');
    const tornEnd = assertAgree(viewsOf(tornAt('torn-end', lastLine), spec));
    assert.deepEqual([tornEnd.operations, tornEnd.pending, tornEnd.ok], [whole.operations, 1, whole.ok - 1], 'the torn completion leaves its operation pending');

    const partitionLine = lines.findIndex((line) => line.includes('"start-partition"'));
    const completionInPartition = lines.findIndex((line, k) => k > partitionLine + 3 && /"type":"(ok|fail)"/.test(line));
    const midFault = viewsOf(tornAt('torn-mid-fault', completionInPartition), spec);
    const torn = assertAgree(midFault);
    assert.ok(torn.operations < whole.operations && torn.pending >= 1, `cut short: ${JSON.stringify(torn)}`);
    assert.deepEqual(torn.faultWindows, { partition: 1 });
    assert.equal(midFault.report.faults[0]!.endMs, midFault.report.durationMs, 'the partition never stopped: it lasts to the end');
  });
});
