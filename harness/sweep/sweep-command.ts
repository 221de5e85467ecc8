/**
 * `harness test --seeds 1..20 [--parallel N] [--until-fail]` and `harness test --repeat N`:
 * the same test once per seed (or N times a seed), each run a `harness test` child stored as
 * usual; then a table (seed, verdict, ops, anomalies, store folder), one summary line, one
 * JUnit suite with a case per run, and the combined exit code: 1 if any run was invalid, else
 * 2 if any was unknown (or aborted, or crashed), else 0 — as `harness check` does for files.
 */
import type { Command } from 'commander';
import { randomInt } from 'node:crypto';
import { constants as osConstants } from 'node:os';
import { ExitCode, UsageError } from '../exit-codes.js';
import { parseSeedList, seedMax } from '../seed-list.js';
import { writeSweepJunit } from './sweep-junit.js';
import { cellTimeoutMs, runSweep, type SweepCell, type SweepCellResult } from './sweep-runner.js';
import { formatSweepSummary, formatSweepTable, sweepExitCode } from './sweep-table.js';
import { verdictWord } from '../verdict-word.js';

/** What `harness test` passes in when a sweep was asked for. */
export interface SweepRequest {
  seeds?: string;
  seed?: string;
  repeat?: string;
  parallel?: string;
  untilFail?: boolean;
  /** Jepsen's --test-count N: N runs of consecutive seeds, stopping at the first invalid one. */
  testCount?: string;
  store: string;
  junit?: string;
  /** The test's run time, to bound each child: a hung run must not hang the sweep. */
  timeLimitMs: number;
  opTimeoutMs: number;
}

/** Options a sweep handles itself; every other option given is passed to each run as typed. */
export const sweepOnlyOptions = ['seeds', 'seed', 'repeat', 'parallel', 'untilFail', 'testCount', 'store', 'junit'] as const;

/** True when the options ask for more than one run (--test-count 1 is one run, as in Jepsen). */
export function isSweep(request: Pick<SweepRequest, 'seeds' | 'repeat' | 'testCount'>): boolean {
  return request.seeds !== undefined || request.repeat !== undefined || (request.testCount !== undefined && testCountOf(request.testCount) > 1);
}

function testCountOf(text: string): number {
  const count = Number(text);
  if (!Number.isInteger(count) || count < 1 || count > 10_000) throw new UsageError(`--test-count must be an integer from 1 to 10000, got '${text}'`);
  return count;
}

/** Jepsen's test-count runs until the first invalid run, as --until-fail does. */
function stopsAtFirstFailure(request: Pick<SweepRequest, 'untilFail' | 'testCount'>): boolean {
  return request.untilFail === true || request.testCount !== undefined;
}

/** The seeds, one entry a run (a repeat lists its seed N times); usage errors before anything starts. */
export function sweepSeeds(request: Pick<SweepRequest, 'seeds' | 'seed' | 'repeat' | 'testCount'>): number[] {
  if (request.seeds !== undefined && request.seed !== undefined) throw new UsageError('give --seed or --seeds, not both');
  if (request.testCount !== undefined) {
    if (request.seeds !== undefined || request.repeat !== undefined) throw new UsageError('give --test-count, or --seeds / --repeat, not both');
    const count = testCountOf(request.testCount);
    const first = request.seed === undefined ? randomInt(1, seedMax - count) : parseSeedOption(request.seed);
    if (first + count - 1 > seedMax) throw new UsageError(`--seed ${first} with --test-count ${count} runs past the largest seed, ${seedMax}`);
    return Array.from({ length: count }, (_, i) => first + i);
  }
  const repeat = request.repeat === undefined ? 1 : Number(request.repeat);
  if (!Number.isInteger(repeat) || repeat < 1 || repeat > 10_000) throw new UsageError(`--repeat must be an integer from 1 to 10000, got '${request.repeat}'`);
  const seeds =
    request.seeds !== undefined
      ? parseSeedList(request.seeds)
      : [request.seed === undefined ? randomInt(1, seedMax) : parseSeedOption(request.seed)];
  return seeds.flatMap((seed) => Array.from({ length: repeat }, () => seed));
}

function parseSeedOption(text: string): number {
  const seeds = parseSeedList(text, '--seed');
  if (seeds.length !== 1) throw new UsageError(`--seed takes one seed (for several: --seeds), got '${text}'`);
  return seeds[0]!;
}

/** Each run's arguments: the operands and options as the user typed them, less the sweep's own. */
export function perRunArgs(command: Command): string[] {
  const skip = new Set<string>(sweepOnlyOptions);
  const args = [...command.args];
  for (const option of command.options) {
    const key = option.attributeName();
    const source = command.getOptionValueSource(key);
    if (skip.has(key) || option.long === undefined || option.hidden || (source !== 'cli' && source !== 'env')) continue;
    const value: unknown = command.getOptionValue(key);
    if (value === true) args.push(option.long);
    else if (value !== false && value !== undefined) args.push(option.long, String(value));
  }
  return args;
}

export async function sweepAction(request: SweepRequest, runArgs: readonly string[]): Promise<number> {
  const seeds = sweepSeeds(request);
  const parallel = request.parallel === undefined ? 1 : Number(request.parallel);
  if (!Number.isInteger(parallel) || parallel < 1 || parallel > 64) throw new UsageError(`--parallel must be an integer from 1 to 64, got '${request.parallel}'`);
  const stderr = (line: string) => process.stderr.write(`${line}\n`);
  const timeoutMs = cellTimeoutMs(request);
  const cells: SweepCell[] = seeds.map((seed) => ({ tag: undefined, seed, args: runArgs, storeDir: request.store, timeoutMs }));
  const distinct = new Set(seeds).size;
  stderr(`harness: sweep of ${cells.length} run${cells.length === 1 ? '' : 's'} (${distinct} seed${distinct === 1 ? '' : 's'}${distinct < cells.length ? `, ${cells.length / distinct} times each` : ''}), ${parallel} at a time${stopsAtFirstFailure(request) ? ', until one fails' : ''}`);

  const interrupt = new AbortController();
  let stoppedBy: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stoppedBy !== undefined) {
      stderr(`harness: ${signal} again: exiting now; runs still going end by themselves (if namespaces or processes are left over: harness cleanup --store ${request.store})`);
      process.exit(128 + (osConstants.signals[signal] ?? 2));
    }
    stoppedBy = signal;
    stderr(`harness: ${signal}: stopping the sweep; each running test heals and keeps its history (again to exit at once)`);
    interrupt.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let results: SweepCellResult[];
  try {
    results = await runSweep(cells, {
      parallel,
      signal: interrupt.signal,
      stopWhen: stopsAtFirstFailure(request) ? (result) => result.verdict === false : undefined,
      onEnd: (result) => stderr(`harness:   seed ${result.cell.seed}: ${verdictWord(result.verdict)} in ${(result.elapsedMs / 1000).toFixed(1)} s${result.dir === undefined ? ` (exit ${result.exitCode}, no run stored)` : ''}`),
    });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(formatSweepTable(results));
  out(formatSweepSummary(results, cells.length));
  if (request.junit !== undefined) writeSweepJunit(request.junit, results);
  if (stoppedBy !== undefined) return 128 + (osConstants.signals[stoppedBy] ?? 2);
  return results.length === 0 ? ExitCode.unknown : sweepExitCode(results);
}

