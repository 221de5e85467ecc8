/**
 * Issue 4's real-system claims, shown end to end with `harness test` as a child process (its
 * exit code and results.json), on the netns runtime:
 *
 * - etcd (3 members, register workload) is valid under partition,crash in every seed;
 * - Redis (primary + 2 replicas, clients read from replicas) is flagged under partition;
 * - further rows only report what etcd and Redis do (findings, no expectation).
 *
 * Usage: node dist/scripts/real-systems-matrix.js [--seeds 1-20] [--time-limit 15]
 *        [--rows etcd-partition-crash,redis-partition,...] [--store DIR] [--runtime netns]
 * Prints one line per run and a summary per row; exits 0 when every expectation holds.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { parseSeedList } from '../harness/seed-list.js';
import { runSweep, type SweepCell, type SweepCellResult } from '../harness/sweep/sweep-runner.js';

export interface Row {
  name: string;
  target: 'etcd' | 'redis';
  nemesis: string;
  /** valid: every seed exit 0; flagged: at least requiredOf20 of 20 seeds exit 1; report: no expectation. */
  expect: 'valid' | 'flagged' | 'report';
  requiredOf20: number;
}

export const rows: readonly Row[] = [
  { name: 'etcd-partition-crash', target: 'etcd', nemesis: 'partition,crash', expect: 'valid', requiredOf20: 20 },
  { name: 'redis-partition', target: 'redis', nemesis: 'partition', expect: 'flagged', requiredOf20: 18 },
  { name: 'etcd-all', target: 'etcd', nemesis: 'partition,drop,crash,pause', expect: 'report', requiredOf20: 0 },
  { name: 'redis-crash', target: 'redis', nemesis: 'crash', expect: 'report', requiredOf20: 0 },
  // Jepsen's classic: faults aimed at the raft leader (Target.primary from /v3/maintenance/status).
  { name: 'etcd-at-leader', target: 'etcd', nemesis: 'partition-primary,crash-primary,pause-primary', expect: 'report', requiredOf20: 0 },
];

interface RunOutcome {
  seed: number;
  exitCode: number;
  valid?: boolean | 'unknown';
  counts?: { ok: number; fail: number; info: number };
  summary: string;
  dir: string;
}

/** One row's seeds through the one sweep runner; each run in a store of its own. */
async function runRow(row: Row, seeds: readonly number[], timeLimitS: number, storeDir: string, runtime: string, onEnd: (outcome: RunOutcome) => void): Promise<RunOutcome[]> {
  const cells = seeds.map((seed): SweepCell<Row> => ({
    tag: row,
    seed,
    args: ['--target', row.target, '--workload', 'register', '--runtime', runtime, '--nemesis', row.nemesis, '--time-limit', String(timeLimitS)],
    storeDir: join(storeDir, row.name, String(seed)),
    timeoutMs: (timeLimitS + 180) * 1000,
  }));
  const outcomeOf = (result: SweepCellResult<Row>): RunOutcome => {
    const linearizable = result.results?.results.find((r) => r.checker === 'linearizable');
    return {
      seed: result.cell.seed,
      exitCode: result.exitCode,
      valid: result.results?.valid,
      counts: result.results?.counts,
      summary: result.results === undefined ? `no results.json: ${result.outputTail.split('\n').slice(-3).join(' | ')}` : String(linearizable?.summary ?? '').slice(0, 160),
      dir: result.dir ?? result.cell.storeDir,
    };
  };
  const results = await runSweep(cells, { parallel: 1, env: { CI: '1' }, onEnd: (result) => onEnd(outcomeOf(result)) });
  return results.map(outcomeOf);
}

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      seeds: { type: 'string', default: '1-20' },
      'time-limit': { type: 'string', default: '15' },
      rows: { type: 'string', default: rows.map((r) => r.name).join(',') },
      store: { type: 'string' },
      runtime: { type: 'string', default: 'netns' },
    },
  });
  const seeds = parseSeedList(values.seeds!);
  const timeLimitS = Number(values['time-limit']);
  const storeDir = values.store ?? mkdtempSync(join(tmpdir(), 'real-systems-matrix-'));
  const chosen = values.rows!.split(',').map((name) => {
    const row = rows.find((r) => r.name === name);
    if (row === undefined) throw new Error(`unknown row '${name}' (known: ${rows.map((r) => r.name).join(', ')})`);
    return row;
  });
  console.log(`real-systems matrix: seeds ${values.seeds}, --time-limit ${timeLimitS}, --runtime ${values.runtime}, store ${storeDir}`);
  let allHold = true;
  for (const row of chosen) {
    const outcomes = await runRow(row, seeds, timeLimitS, storeDir, values.runtime!, (outcome) => {
      const c = outcome.counts;
      console.log(`  ${row.name} seed ${outcome.seed}: exit ${outcome.exitCode}${c === undefined ? '' : ` (${c.ok} ok, ${c.fail} fail, ${c.info} info)`} ${outcome.summary}`);
    });
    const valid = outcomes.filter((o) => o.exitCode === 0 && o.valid === true).length;
    const flagged = outcomes.filter((o) => o.exitCode === 1 && o.valid === false).length;
    const other = outcomes.length - valid - flagged;
    const required = Math.ceil((row.requiredOf20 * seeds.length) / 20);
    const holds = row.expect === 'report' || (row.expect === 'valid' ? valid === seeds.length : flagged >= required);
    if (!holds) allHold = false;
    const expectation = row.expect === 'report' ? 'finding (no expectation)' : row.expect === 'valid' ? `expect valid in ${seeds.length}/${seeds.length}` : `expect flagged in >= ${required}/${seeds.length}`;
    console.log(`${row.name} [${row.target}, --nemesis ${row.nemesis}]: valid ${valid}, flagged ${flagged}, other ${other} of ${seeds.length}; ${expectation}: ${row.expect === 'report' ? 'reported' : holds ? 'HOLDS' : 'DOES NOT HOLD'}`);
    for (const o of outcomes.filter((o) => o.exitCode !== 0)) console.log(`    seed ${o.seed} exit ${o.exitCode}: ${o.dir}`);
  }
  return allHold ? 0 : 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main(process.argv.slice(2));
}
