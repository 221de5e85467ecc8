/**
 * The replication matrix of issue 4: every correct mode of the replicated kv targets
 * (primary-backup, chain, quorum) must be valid under partition,drop,crash,pause in 20 of 20
 * seeds; every buggy mode must be caught (exit 1) in at least 18 of 20 under the nemesis
 * that exposes it. Each cell is one `harness test` child process: its exit code and its
 * results.json.
 *
 * Usage: node dist/scripts/replication-matrix.js [--seeds 1..20] [--time-limit 15]
 *        [--runtime local|netns|... (harness/runtime/registry.ts)] [--parallel 2] [--store DIR] [--rows pb-correct-register,...]
 * Prints the matrix with counts; exits 0 when every row holds, 1 when one does not.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runtimes } from '../harness/runtime/registry.js';
import { parseSeedList } from '../harness/seed-list.js';
import { runSweep, type SweepCell, type SweepCellResult } from '../harness/sweep/sweep-runner.js';

export interface Row {
  /** Short id for --rows. */
  id: string;
  /** A target of targets/registry.ts with a --mode (the replicated ones here; txn-matrix.ts has the txn-store's rows). */
  target: string;
  mode: string;
  workload: string;
  nemesis: string;
  /** More `harness test` arguments of this row (e.g. --concurrency). */
  args?: readonly string[];
  /** flagged = exit 1 (a checker found the bug); valid = exit 0. */
  expect: 'flagged' | 'valid';
  requiredOf20: number;
}

const allFaults = 'partition,drop,crash,pause';
const atPrimaryFaults = 'partition-primary,crash-primary,pause-primary';

export const replicationRows: readonly Row[] = [
  ...(['primary-backup', 'chain', 'quorum'] as const).flatMap((target) =>
    (['register', 'kv'] as const).map((workload): Row => ({
      id: `${target}-correct-${workload}`,
      target,
      mode: 'correct',
      workload,
      nemesis: allFaults,
      expect: 'valid',
      requiredOf20: 20,
    })),
  ),
  // Faults aimed at the primary (nemesis/primary-faults.ts) force the failovers the two
  // primary-backup bugs need; the correct modes must stay valid under them too.
  ...(['primary-backup', 'chain'] as const).map((target): Row => ({
    id: `${target}-correct-kv-at-primary`,
    target,
    mode: 'correct',
    workload: 'kv',
    nemesis: `${atPrimaryFaults},drop`,
    expect: 'valid',
    requiredOf20: 20,
  })),
  // A failover after acked-but-unreplicated writes: the primary isolated, killed or paused.
  { id: 'primary-backup-ack-before-replicate-kv', target: 'primary-backup', mode: 'ack-before-replicate', workload: 'kv', nemesis: atPrimaryFaults, expect: 'flagged', requiredOf20: 18 },
  // Two primaries: the old one cut off from its backups but not from its clients.
  { id: 'primary-backup-no-fencing-register', target: 'primary-backup', mode: 'no-fencing', workload: 'register', nemesis: 'partition-primary', expect: 'flagged', requiredOf20: 18 },
  // Reads at the head see writes the tail has not acked; a cut-off node serves old values.
  { id: 'chain-read-from-any-register', target: 'chain', mode: 'read-from-any', workload: 'register', nemesis: 'partition', expect: 'flagged', requiredOf20: 18 },
  // One replica answers alone; a partition keeps replicas apart.
  { id: 'quorum-r1w1-register', target: 'quorum', mode: 'r1w1', workload: 'register', nemesis: 'partition', expect: 'flagged', requiredOf20: 18 },
];

export interface MatrixRun {
  row: Row;
  seed: number;
  exitCode: number;
  valid?: boolean | 'unknown';
  counts?: { ok: number; fail: number; info: number };
  /** The first checker's summary (perf aside) that did not say valid. */
  summary?: string;
  dir: string;
  outputTail: string;
}

export interface MatrixOptions {
  seeds: number[];
  timeLimitS: number;
  /** A runtime of harness/runtime/registry.ts. */
  runtime: string;
  parallel: number;
  storeDir: string;
  rows: readonly Row[];
  extraArgs?: string[];
  onRun?: (run: MatrixRun) => void;
}

/** Each cell's `harness test` arguments (the sweep runner adds --seed and --store). */
export function cellArgs(row: Row, options: Pick<MatrixOptions, 'runtime' | 'timeLimitS' | 'extraArgs'>): string[] {
  return [
    '--target', row.target, '--mode', row.mode, '--workload', row.workload,
    '--runtime', options.runtime, '--nemesis', row.nemesis,
    '--time-limit', String(options.timeLimitS),
    ...(row.args ?? []),
    ...(options.extraArgs ?? []),
  ];
}

/** The matrix through the one sweep runner: rows x seeds, each cell a `harness test` run of its own store. */
export async function runMatrix(options: MatrixOptions): Promise<MatrixRun[]> {
  const cells = options.rows.flatMap((row) =>
    options.seeds.map((seed): SweepCell<Row> => ({
      tag: row,
      seed,
      args: cellArgs(row, options),
      storeDir: join(options.storeDir, row.id, `seed-${seed}`),
      timeoutMs: (options.timeLimitS + 180) * 1000,
    })),
  );
  const toRun = (result: SweepCellResult<Row>): MatrixRun => {
    const judged = result.results?.results.find((r) => r.checker !== 'perf' && r.valid !== true);
    return {
      row: result.cell.tag,
      seed: result.cell.seed,
      exitCode: result.exitCode,
      valid: result.results?.valid,
      counts: result.results?.counts,
      summary: judged?.summary,
      dir: result.dir ?? result.cell.storeDir,
      outputTail: result.outputTail,
    };
  };
  const results = await runSweep(cells, { parallel: options.parallel, env: { CI: '1' }, onEnd: (result) => options.onRun?.(toRun(result)) });
  return results.map(toRun);
}

/** As expected only if the exit code and results.json agree: a crashed harness also exits non-zero. */
export function endedAsExpected(run: MatrixRun): boolean {
  return run.row.expect === 'flagged' ? run.exitCode === 1 && run.valid === false : run.exitCode === 0 && run.valid === true;
}

export interface RowVerdict {
  row: Row;
  runs: MatrixRun[];
  asExpected: number;
  required: number;
  holds: boolean;
}

export function judgeRows(runs: readonly MatrixRun[], rows: readonly Row[]): RowVerdict[] {
  return rows.map((row) => {
    const mine = runs.filter((run) => run.row === row);
    const asExpected = mine.filter(endedAsExpected).length;
    const required = Math.ceil((row.requiredOf20 / 20) * mine.length);
    return { row, runs: mine, asExpected, required, holds: mine.length > 0 && asExpected >= required };
  });
}

function cell(run: MatrixRun | undefined): string {
  if (run === undefined) return '-';
  const consistent = (run.exitCode === 0 && run.valid === true) || (run.exitCode === 1 && run.valid === false) || (run.exitCode === 2 && run.valid === 'unknown');
  return consistent ? String(run.exitCode) : 'E';
}

export function formatMatrix(verdicts: readonly RowVerdict[], options: Pick<MatrixOptions, 'timeLimitS' | 'runtime'> & { title?: string }): string {
  const seeds = [...new Set(verdicts.flatMap((v) => v.runs.map((r) => r.seed)))].sort((a, b) => a - b);
  const width = 62;
  const lines = [
    `${options.title ?? 'replication matrix'}: harness test --runtime ${options.runtime} --time-limit ${options.timeLimitS}, seeds ${seeds[0]}..${seeds[seeds.length - 1]}`,
    'exit code per seed: 1 = flagged (invalid), 0 = valid, 2 = unknown, E = harness failed (no results.json)',
    '',
    `${'target / mode / workload / nemesis'.padEnd(width)} ${seeds.map((s) => String(s).padStart(2)).join(' ')}   expected  result                        ok/fail/info`,
  ];
  for (const verdict of verdicts) {
    const { row } = verdict;
    const label = `${row.target} / ${row.mode} / ${row.workload} / ${row.nemesis}`.padEnd(width);
    const cells = seeds.map((seed) => cell(verdict.runs.find((r) => r.seed === seed)).padStart(2));
    const result = `${verdict.asExpected}/${verdict.runs.length} ${row.expect} (need ${verdict.required}) ${verdict.holds ? 'HOLDS' : 'FAILS'}`;
    const sum = (key: 'ok' | 'fail' | 'info'): number => verdict.runs.reduce((total, run) => total + (run.counts?.[key] ?? 0), 0);
    lines.push(`${label} ${cells.join(' ')}   ${row.expect.padEnd(8)}  ${result.padEnd(29)} ${sum('ok')}/${sum('fail')}/${sum('info')}`);
  }
  lines.push('');
  for (const verdict of verdicts) {
    for (const run of verdict.runs.filter((r) => !endedAsExpected(r))) {
      lines.push(`${verdict.row.id} seed ${run.seed}: exit ${run.exitCode}, results ${String(run.valid)}${run.summary ? `: ${run.summary.slice(0, 300)}` : ''} (${run.dir})`);
      if (run.valid === undefined) lines.push(`    ${run.outputTail.replaceAll('\n', '\n    ')}`);
    }
  }
  return lines.join('\n');
}

/**
 * The command line of a matrix script: --seeds, --time-limit, --runtime, --parallel, --store,
 * --rows over `allRows`; prints the table under `title`. Exit 0 when every row holds, 1 when
 * one does not, 64 on a usage error.
 */
export async function matrixMain(title: string, allRows: readonly Row[], defaults: { timeLimitS: number; parallel: number }): Promise<number> {
  const { values } = parseArgs({
    options: {
      seeds: { type: 'string', default: '1-20' },
      'time-limit': { type: 'string', default: String(defaults.timeLimitS) },
      runtime: { type: 'string', default: 'local' },
      parallel: { type: 'string', default: String(defaults.parallel) },
      store: { type: 'string' },
      rows: { type: 'string' },
    },
  });
  let seeds: number[];
  try {
    seeds = parseSeedList(values.seeds);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 64;
  }
  const timeLimitS = Number(values['time-limit']);
  const parallel = Number(values.parallel);
  const runtime = values.runtime;
  if (seeds.some((s) => !Number.isInteger(s)) || !(timeLimitS > 0) || !(parallel >= 1) || runtime === undefined || runtimes[runtime] === undefined) {
    process.stderr.write(`usage: ${title.replaceAll(' ', '-')} [--seeds 1-20|1,2,3] [--time-limit SECONDS] [--runtime ${Object.keys(runtimes).join('|')}] [--parallel N] [--store DIR] [--rows ID,...]\n`);
    return 64;
  }
  const wanted = values.rows?.split(',');
  const rows = allRows.filter((row) => wanted === undefined || wanted.includes(row.id));
  if (rows.length === 0) {
    process.stderr.write(`no such rows; known: ${allRows.map((r) => r.id).join(', ')}\n`);
    return 64;
  }
  const storeDir = values.store ?? mkdtempSync(join(tmpdir(), `${title.replaceAll(' ', '-')}-`));
  process.stderr.write(`${title}: ${rows.length} rows x ${seeds.length} seeds, ${runtime} runtime, store ${storeDir}\n`);
  const runs = await runMatrix({
    seeds,
    timeLimitS,
    runtime,
    parallel,
    storeDir,
    rows,
    onRun: (run) => process.stderr.write(`  ${run.row.id} seed ${run.seed}: exit ${run.exitCode}${endedAsExpected(run) ? '' : ' (unexpected)'}\n`),
  });
  const verdicts = judgeRows(runs, rows);
  process.stdout.write(`${formatMatrix(verdicts, { timeLimitS, runtime, title })}\n`);
  return verdicts.every((v) => v.holds) ? 0 : 1;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = await matrixMain('replication matrix', replicationRows, { timeLimitS: 15, parallel: 2 });
}
