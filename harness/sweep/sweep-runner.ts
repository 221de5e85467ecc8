/**
 * The one runner of many `harness test` runs: a sweep over seeds (`harness test --seeds`), a
 * repeat of one seed, and the matrix scripts' rows x seeds all go through runSweep. Each cell
 * is a `harness test` child process of its own (its own signal handlers, namespaces, ports and
 * status), at most `parallel` at once; what it found is read back from its results.json.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import type { Validity } from '../interfaces.js';
import { storeFiles, type RunResults } from '../../results/store.js';

/** One run to make: `harness test ARGS --seed SEED --store STORE`. */
export interface SweepCell<Tag = undefined> {
  /** What the caller groups cells by (a matrix row); not used by the runner. */
  tag: Tag;
  seed: number;
  /** `harness test` arguments, without --seed and --store (the runner adds them). */
  args: readonly string[];
  storeDir: string;
  /** Kill the child after this long (a hung run must not hang the sweep), milliseconds. */
  timeoutMs: number;
}

/** What one cell ended as. results is undefined when the child left no results.json. */
export interface SweepCellResult<Tag = undefined> {
  cell: SweepCell<Tag>;
  /** Position in the cell list (a repeat runs one seed several times). */
  position: number;
  exitCode: number;
  /** The run folder the child stored, when it got that far. */
  dir?: string;
  results?: RunResults;
  /** valid / invalid / unknown; a child that crashed, hung or was aborted is unknown. */
  verdict: Validity;
  elapsedMs: number;
  /** The child's last output lines, for cells that left no results. */
  outputTail: string;
}

export interface SweepOptions<Tag> {
  parallel: number;
  /** Launch no further cell once one ended like this (--until-fail). */
  stopWhen?: (result: SweepCellResult<Tag>) => boolean;
  /** Aborting ends every running child with SIGTERM (it heals and keeps its history). */
  signal?: AbortSignal;
  onStart?: (cell: SweepCell<Tag>, position: number) => void;
  onEnd?: (result: SweepCellResult<Tag>) => void;
  /** Environment additions for the children. */
  env?: Record<string, string>;
}

/** The hidden `harness test` option through which a child names the run folder it stored. */
export const cellFileOption = '--sweep-cell-file';

export const harnessBin = fileURLToPath(new URL('../../../bin/harness.js', import.meta.url));

/** Margin over a run's time limit for setup, final reads, checking and teardown, milliseconds. */
const cellTimeoutMarginMs = 240_000;

/** How long a `harness test` child may take before it counts as hung: its time limit, ten op timeouts and a margin, ms. */
export function cellTimeoutMs(spec: { timeLimitMs: number; opTimeoutMs: number }): number {
  return spec.timeLimitMs + 10 * spec.opTimeoutMs + cellTimeoutMarginMs;
}

/** Lines of a child's output kept for a cell that left no results. */
const outputTailLines = 12;

/**
 * Runs the cells, at most options.parallel at once, in list order. Returns the cells that ran,
 * ordered as given (not by when they ended); with stopWhen, the cells never launched are left out.
 */
export async function runSweep<Tag>(cells: readonly SweepCell<Tag>[], options: SweepOptions<Tag>): Promise<SweepCellResult<Tag>[]> {
  const results: Array<SweepCellResult<Tag> | undefined> = new Array(cells.length);
  const scratch = mkdtempSync(path.join(tmpdir(), 'harness-sweep-'));
  let next = 0;
  let stopped = false;
  const worker = async (): Promise<void> => {
    while (!stopped && options.signal?.aborted !== true && next < cells.length) {
      const position = next++;
      const cell = cells[position]!;
      options.onStart?.(cell, position);
      const result = await runCell(cell, position, path.join(scratch, `cell-${position}.json`), options);
      results[position] = result;
      options.onEnd?.(result);
      if (options.stopWhen?.(result) === true) stopped = true;
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(options.parallel, cells.length)) }, worker));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return results.filter((result): result is SweepCellResult<Tag> => result !== undefined);
}

async function runCell<Tag>(cell: SweepCell<Tag>, position: number, cellFile: string, options: SweepOptions<Tag>): Promise<SweepCellResult<Tag>> {
  const started = Date.now();
  const args = [harnessBin, 'test', ...cell.args, '--seed', String(cell.seed), '--store', cell.storeDir, cellFileOption, cellFile];
  const child = await execa(process.execPath, args, {
    reject: false,
    all: true,
    stdin: 'ignore',
    timeout: cell.timeoutMs,
    killSignal: 'SIGTERM',
    forceKillAfterDelay: 30_000,
    cancelSignal: options.signal,
    env: { ...process.env, ...options.env },
  });
  const dir = readCellFile(cellFile);
  const results = dir === undefined ? undefined : readResults(dir);
  const exitCode = child.exitCode ?? (child.signal !== undefined ? 128 : -1);
  return {
    cell,
    position,
    exitCode,
    dir,
    results,
    verdict: cellVerdict(results),
    elapsedMs: Date.now() - started,
    outputTail: (child.all ?? '').split('\n').slice(-outputTailLines).join('\n'),
  };
}

/** A cell's verdict: its results' verdict; aborted or without results, unknown (never valid). */
export function cellVerdict(results: RunResults | undefined): Validity {
  if (results === undefined || results.aborted !== undefined) return 'unknown';
  return results.valid;
}

function readCellFile(file: string): string | undefined {
  try {
    const { dir } = JSON.parse(readFileSync(file, 'utf8')) as { dir?: unknown };
    return typeof dir === 'string' ? dir : undefined;
  } catch {
    return undefined; // the child died before it stored its run: the exit code and output tell
  }
}

function readResults(dir: string): RunResults | undefined {
  try {
    return JSON.parse(readFileSync(path.join(dir, storeFiles.results), 'utf8')) as RunResults;
  } catch {
    return undefined;
  }
}
