/**
 * The semantics matrix of issue 3: the seed documents' claims, demonstrated by the harness
 * end to end (`harness test` as a child process, its exit code and results.json):
 *
 * - at-least-once under drop is flagged (exit 1), because retries re-execute;
 * - at-most-once under crash,drop is flagged, because the restarted server forgot its table;
 * - exactly-once under partition,drop,crash,pause is valid.
 *
 * Usage: node dist/scripts/semantics-matrix.js [--seeds 1-20] [--time-limit 10] [--parallel 2]
 *        [--store DIR] [--claims at-least-once,at-most-once,exactly-once] [-- more harness test options]
 * Prints one row per claim and exits 0 when every claim holds, 1 when one does not.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { historySummary } from '../harness/history/history-summary.js';
import { parseHistory } from '../harness/history/read-history.js';
import { runtimes } from '../harness/runtime/registry.js';
import { parseSeedList } from '../harness/seed-list.js';
import { runSweep, type SweepCell, type SweepCellResult } from '../harness/sweep/sweep-runner.js';

export interface Claim {
  semantics: 'at-least-once' | 'at-most-once' | 'exactly-once';
  nemesis: string;
  /** What the claim says a run ends as: flagged = exit 1 (invalid), valid = exit 0. */
  expect: 'flagged' | 'valid';
  /** Of 20 seeds, how many must end as expected (scaled to the seeds run). */
  requiredOf20: number;
}

export const semanticsClaims: readonly Claim[] = [
  { semantics: 'at-least-once', nemesis: 'drop', expect: 'flagged', requiredOf20: 19 },
  { semantics: 'at-most-once', nemesis: 'crash,drop', expect: 'flagged', requiredOf20: 19 },
  { semantics: 'exactly-once', nemesis: 'partition,drop,crash,pause', expect: 'valid', requiredOf20: 20 },
];

/** One `harness test` run of one claim and seed. */
export interface MatrixRun {
  claim: Claim;
  seed: number;
  exitCode: number;
  /** results.json's verdict; undefined when the run left no results (crashed harness). */
  valid?: boolean | 'unknown';
  /** Counts of the exactly-once checker, when results.json has them. */
  anomalies?: { duplicated: number; lost: number; phantom: number; unexpected: number; balanceMismatches: number };
  counts?: { ok: number; fail: number; info: number };
  /** Fault windows started, by kind, from the history. */
  faults?: Record<string, number>;
  dir: string;
  stderrTail: string;
}

export interface MatrixOptions {
  seeds: number[];
  timeLimitS: number;
  parallel: number;
  storeDir: string;
  claims: readonly Claim[];
  /** Runtime of every run (harness/runtime/registry.ts); default local. */
  runtime?: string;
  /** Extra `harness test` arguments (e.g. a shorter --nemesis-interval in a quick test). */
  extraArgs?: string[];
  onRun?: (run: MatrixRun) => void;
}

/** Each cell's `harness test` arguments (the sweep runner adds --seed and --store). */
export function claimArgs(claim: Claim, options: Pick<MatrixOptions, 'timeLimitS' | 'extraArgs' | 'runtime'>): string[] {
  return [
    '--target', 'rpc', '--workload', 'ledger', '--runtime', options.runtime ?? 'local',
    '--semantics', claim.semantics, '--nemesis', claim.nemesis,
    '--time-limit', String(options.timeLimitS),
    ...(options.extraArgs ?? []),
  ];
}

/** What the claim's table needs of one run: the exactly-once counts and the faults that started. */
export function matrixRunOf(result: SweepCellResult<Claim>): MatrixRun {
  const run: MatrixRun = { claim: result.cell.tag, seed: result.cell.seed, exitCode: result.exitCode, dir: result.dir ?? result.cell.storeDir, stderrTail: result.outputTail };
  if (result.results === undefined || result.dir === undefined) return run; // the exit code and output say what happened
  run.valid = result.results.valid;
  run.counts = result.results.counts;
  const exactlyOnce = result.results.results.find((r) => r.checker === 'exactly-once') as { counts?: MatrixRun['anomalies'] } | undefined;
  if (exactlyOnce?.counts !== undefined) {
    const { duplicated, lost, phantom, unexpected, balanceMismatches } = exactlyOnce.counts;
    run.anomalies = { duplicated, lost, phantom, unexpected, balanceMismatches };
  }
  try {
    const historyFile = join(result.dir, 'history.jsonl');
    const { events } = parseHistory(readFileSync(historyFile, 'utf8'), 'jsonl', historyFile, { tornLastLine: 'drop' });
    run.faults = historySummary(events).faultWindows;
  } catch {
    // A history that cannot be read leaves the fault counts out; the verdict stands.
  }
  return run;
}

/** Runs every (claim, seed), `parallel` at a time, through the one sweep runner. */
export async function runMatrix(options: MatrixOptions): Promise<MatrixRun[]> {
  const cells = options.claims.flatMap((claim) =>
    options.seeds.map((seed): SweepCell<Claim> => ({
      tag: claim,
      seed,
      args: claimArgs(claim, options),
      storeDir: join(options.storeDir, claim.semantics, `seed-${seed}`),
      timeoutMs: (options.timeLimitS + 120) * 1000,
    })),
  );
  const results = await runSweep(cells, { parallel: options.parallel, env: { CI: '1' }, onEnd: (result) => options.onRun?.(matrixRunOf(result)) });
  return results.map(matrixRunOf);
}

export interface ClaimVerdict {
  claim: Claim;
  runs: MatrixRun[];
  asExpected: number;
  required: number;
  holds: boolean;
  /** Runs whose checker found at least one duplicated request. */
  withDuplicates: number;
}

const expectedExit = (claim: Claim) => (claim.expect === 'flagged' ? 1 : 0);

/**
 * A run ends as the claim expects only if both the exit code and results.json say so: a
 * harness that crashes also exits 1, and that is no evidence of a duplicate.
 */
export function endedAsExpected(run: MatrixRun): boolean {
  return run.claim.expect === 'flagged' ? run.exitCode === 1 && run.valid === false : run.exitCode === 0 && run.valid === true;
}

/** One matrix cell: the exit code, or E when the exit code and results.json disagree (harness error). */
function cell(run: MatrixRun | undefined): string {
  if (run === undefined) return '-';
  const consistent = (run.exitCode === 0 && run.valid === true) || (run.exitCode === 1 && run.valid === false) || (run.exitCode === 2 && run.valid === 'unknown');
  return consistent ? String(run.exitCode) : 'E';
}

export function judgeClaims(runs: readonly MatrixRun[], claims: readonly Claim[]): ClaimVerdict[] {
  return claims.map((claim) => {
    const mine = runs.filter((run) => run.claim === claim);
    const asExpected = mine.filter(endedAsExpected).length;
    const required = Math.ceil((claim.requiredOf20 / 20) * mine.length);
    return { claim, runs: mine, asExpected, required, holds: mine.length > 0 && asExpected >= required, withDuplicates: mine.filter((run) => (run.anomalies?.duplicated ?? 0) > 0).length };
  });
}

/** The matrix as text: one row per claim, one column per seed (1 = exit 1, 0 = exit 0). */
export function formatMatrix(verdicts: readonly ClaimVerdict[], timeLimitS: number, extraArgs: readonly string[] = []): string {
  const lines: string[] = [];
  const seeds = [...new Set(verdicts.flatMap((v) => v.runs.map((r) => r.seed)))].sort((a, b) => a - b);
  lines.push(`semantics matrix: harness test --target rpc --time-limit ${timeLimitS}${extraArgs.map((a) => ` ${a}`).join('')}, seeds ${seeds[0]}..${seeds[seeds.length - 1]}`);
  lines.push('exit code per seed: 1 = flagged (invalid), 0 = valid, 2 = unknown, E = the harness failed (no results.json)');
  lines.push('');
  const label = (claim: Claim) => `${claim.semantics} / ${claim.nemesis}`.padEnd(42);
  lines.push(`${''.padEnd(42)} ${seeds.map((s) => String(s).padStart(2)).join(' ')}   expected   result                     duplicated lost phantom`);
  for (const verdict of verdicts) {
    const cells = seeds.map((seed) => cell(verdict.runs.find((r) => r.seed === seed)).padStart(2));
    const sum = (key: 'duplicated' | 'lost' | 'phantom') => verdict.runs.reduce((total, run) => total + (run.anomalies?.[key] ?? 0), 0);
    const result = `${verdict.asExpected}/${verdict.runs.length} ${verdict.claim.expect} (need ${verdict.required}) ${verdict.holds ? 'HOLDS' : 'FAILS'}`;
    lines.push(`${label(verdict.claim)} ${cells.join(' ')}   ${verdict.claim.expect.padEnd(8)}   ${result.padEnd(26)} ${String(sum('duplicated')).padStart(10)} ${String(sum('lost')).padStart(4)} ${String(sum('phantom')).padStart(7)}`);
  }
  lines.push('');
  for (const verdict of verdicts) {
    lines.push(`${verdict.claim.semantics} / ${verdict.claim.nemesis}: runs with duplicated requests ${verdict.withDuplicates}/${verdict.runs.length}`);
    for (const run of verdict.runs.filter((r) => !endedAsExpected(r))) {
      lines.push(`  seed ${run.seed}: exit ${run.exitCode} (expected ${expectedExit(run.claim)}), results ${String(run.valid)}, anomalies ${JSON.stringify(run.anomalies ?? null)}, faults ${JSON.stringify(run.faults ?? null)}, store ${run.dir}`);
      if (run.valid === undefined) lines.push(`    ${run.stderrTail.replaceAll('\n', '\n    ')}`);
    }
  }
  return lines.join('\n');
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      seeds: { type: 'string', default: '1-20' },
      'time-limit': { type: 'string', default: '10' },
      parallel: { type: 'string', default: '2' },
      store: { type: 'string' },
      claims: { type: 'string' },
      runtime: { type: 'string', default: 'local' },
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
  const runtime = values.runtime!;
  if (seeds.some((s) => !Number.isInteger(s)) || !(timeLimitS > 0) || !(parallel >= 1) || runtimes[runtime] === undefined) {
    process.stderr.write(`usage: semantics-matrix [--seeds 1-20|1,2,3] [--time-limit SECONDS] [--parallel N] [--store DIR] [--claims at-least-once,...] [--runtime ${Object.keys(runtimes).join('|')}]\n`);
    return 64;
  }
  const wanted = values.claims?.split(',');
  const claims = semanticsClaims.filter((claim) => wanted === undefined || wanted.includes(claim.semantics));
  const storeDir = values.store ?? mkdtempSync(join(tmpdir(), 'semantics-matrix-'));
  process.stderr.write(`semantics matrix: ${claims.length} claims x ${seeds.length} seeds, --time-limit ${timeLimitS} ${positionals.join(' ')}, ${parallel} at a time; store ${storeDir}\n`);
  const startMs = performance.now();
  const runs = await runMatrix({
    seeds,
    timeLimitS,
    parallel,
    storeDir,
    claims,
    runtime,
    extraArgs: positionals,
    onRun: (run) => process.stderr.write(`  ${run.claim.semantics} / ${run.claim.nemesis} seed ${run.seed}: exit ${run.exitCode} ${JSON.stringify(run.anomalies ?? {})}\n`),
  });
  const verdicts = judgeClaims(runs, claims);
  process.stdout.write(`${formatMatrix(verdicts, timeLimitS, ['--runtime', runtime, ...positionals])}\n`);
  process.stdout.write(`elapsed ${((performance.now() - startMs) / 1000).toFixed(0)} s\n`);
  return verdicts.every((v) => v.holds) ? 0 : 1;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main();
}
