/**
 * Issue 15's figures: for the buggy modes of the replication matrix and rpc at-least-once, each
 * seed is run once (`harness test`), and a failing run is then shrunk (the checker alone: how
 * many operations the minimal history keeps, how long it took, whether `harness check` still
 * rejects it) and replayed N times (`harness replay`: how often the verdict comes back). The
 * correct modes are replayed too: they must replay valid.
 *
 * Usage: node dist/scripts/shrink-replay-matrix.js [--seeds 1..10] [--time-limit 10] [--replays 3]
 *        [--runtime local] [--parallel 1] [--store DIR]
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { checkers } from '../checkers/registry.js';
import { runCheckers } from '../harness/run.js';
import { parseSeedList } from '../harness/seed-list.js';
import { sameRejection } from '../harness/shrink/rejection.js';
import { readRunFolder } from '../harness/shrink/run-folder.js';
import { shrinkHistory } from '../harness/shrink/shrink-history.js';
import { harnessBin, runSweep, type SweepCell } from '../harness/sweep/sweep-runner.js';
import { execa } from 'execa';
import { replicationRows } from './replication-matrix.js';

interface Case {
  id: string;
  args: string[];
  expect: 'flagged' | 'valid';
}

const cases: readonly Case[] = [
  ...replicationRows
    .filter((row) => row.expect === 'flagged')
    .map((row): Case => ({ id: row.id, args: ['--target', row.target, '--mode', row.mode, '--workload', row.workload, '--nemesis', row.nemesis], expect: 'flagged' })),
  { id: 'rpc-at-least-once-drop', args: ['--target', 'rpc', '--semantics', 'at-least-once', '--nemesis', 'drop'], expect: 'flagged' },
  { id: 'primary-backup-correct-register', args: ['--target', 'primary-backup', '--mode', 'correct', '--workload', 'register', '--nemesis', 'partition-primary'], expect: 'valid' },
];

/** How long the shrinker may refine one history, milliseconds (issue 15: under 5 s each). */
const shrinkBudgetMs = 5_000;

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { seeds: { type: 'string', default: '1..10' }, 'time-limit': { type: 'string', default: '10' }, replays: { type: 'string', default: '3' }, runtime: { type: 'string', default: 'local' }, parallel: { type: 'string', default: '1' }, store: { type: 'string' } } });
  const seeds = parseSeedList(values.seeds!);
  const timeLimitS = Number(values['time-limit']);
  const replays = Number(values.replays);
  const storeDir = values.store ?? mkdtempSync(join(tmpdir(), 'shrink-replay-matrix-'));
  console.log(`shrink and replay: seeds ${values.seeds}, --time-limit ${timeLimitS}, --runtime ${values.runtime}, ${replays} replays a run, store ${storeDir}`);
  console.log('case / seed: verdict; shrunk ops before -> after in ms (harness check of the minimal history); replays reproducing');
  const cells = cases.flatMap((testCase) =>
    seeds.map((seed): SweepCell<Case> => ({ tag: testCase, seed, args: [...testCase.args, '--runtime', values.runtime!, '--time-limit', String(timeLimitS)], storeDir: join(storeDir, testCase.id), timeoutMs: (timeLimitS + 240) * 1000 })),
  );
  let allHold = true;
  const summary = new Map<string, { sizes: number[]; msMax: number; reproduced: number; replayed: number; flagged: number; runs: number }>();
  const results = await runSweep(cells, { parallel: Number(values.parallel), env: { CI: '1' } });
  {
    for (const result of results) {
      const testCase = result.cell.tag;
      const row = summary.get(testCase.id) ?? { sizes: [], msMax: 0, reproduced: 0, replayed: 0, flagged: 0, runs: 0 };
      summary.set(testCase.id, row);
      row.runs += 1;
      let line = `${testCase.id} / ${result.cell.seed}: ${result.verdict === false ? 'INVALID' : String(result.verdict)}`;
      if (result.dir !== undefined && result.verdict === false) {
        row.flagged += 1;
        const run = readRunFolder(result.dir);
        const context = run.executionLog === undefined ? {} : { executionLog: run.executionLog };
        const original = runCheckers(run.spec, checkers, run.events, run.executionLog);
        const started = performance.now();
        const shrunk = shrinkHistory(run.events, sameRejection(run.spec, checkers, original, context), { timeBudgetMs: shrinkBudgetMs });
        const ms = performance.now() - started;
        const rejected = runCheckers({ ...run.spec, checkers: original.filter((r) => r.valid === false).map((r) => r.checker) }, checkers, shrunk.events, run.executionLog, undefined, { subHistory: true }).some((r) => r.valid === false);
        if (!rejected) allHold = false;
        row.sizes.push(shrunk.operationsAfter);
        row.msMax = Math.max(row.msMax, ms);
        line += `; ${shrunk.operationsBefore} -> ${shrunk.operationsAfter} ops in ${ms.toFixed(0)} ms (${rejected ? 'still rejected' : 'NOT REJECTED'})`;
      }
      if (result.dir !== undefined) {
        const replay = await execa(process.execPath, [harnessBin, 'replay', result.dir, '--times', String(replays), '--parallel', values.parallel!], { reject: false, env: { ...process.env, CI: '1' } });
        const reproduced = /^reproduced (\d+)\/(\d+)$/m.exec(replay.stdout);
        if (reproduced !== null) {
          row.reproduced += Number(reproduced[1]);
          row.replayed += Number(reproduced[2]);
          line += `; replay ${reproduced[1]}/${reproduced[2]}`;
        } else line += `; replay failed (exit ${replay.exitCode})`;
      }
      console.log(`  ${line}`);
    }
  }
  console.log('');
  for (const testCase of cases) {
    const row = summary.get(testCase.id);
    if (row === undefined) continue;
    const sorted = [...row.sizes].sort((a, b) => a - b);
    const median = sorted.length === 0 ? '-' : String(sorted[Math.floor(sorted.length / 2)]);
    const small = row.sizes.filter((size) => size <= 10).length;
    console.log(
      `${testCase.id} (expect ${testCase.expect}): flagged ${row.flagged}/${row.runs}; minimal sizes ${row.sizes.join(',') || '-'} (median ${median}, <= 10 ops in ${small}/${row.sizes.length}, slowest ${row.msMax.toFixed(0)} ms); replays reproducing ${row.reproduced}/${row.replayed}`,
    );
  }
  return allHold ? 0 : 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main();
}
