/**
 * What a sweep prints: a table with a row a run (seed, verdict, ops, anomalies, store folder),
 * a summary line, and the combined exit code. Pure functions of the runs, tested as such.
 */
import path from 'node:path';
import { composeValidity, type Validity } from '../interfaces.js';
import { exitCodeFor } from '../exit-codes.js';
import { verdictWord } from '../verdict-word.js';
import type { SweepCellResult } from './sweep-runner.js';

/** Longest anomaly text in a row; the run's report has the whole explanation. */
const anomalyWidthMax = 72;

/** The checkers that did not say valid, with their summaries; the abort or crash when there is no verdict. */
export function anomalyText(result: SweepCellResult<unknown>): string {
  const { results } = result;
  if (results === undefined) return `no results (exit ${result.exitCode}): ${lastLine(result.outputTail)}`;
  if (results.aborted !== undefined) return `run ${results.aborted.reason}: ${results.aborted.message}`;
  const notValid = results.results.filter((r) => r.valid !== true);
  return notValid.length === 0 ? '-' : notValid.map((r) => `${r.checker}: ${r.summary}`).join('; ');
}

export function formatSweepTable(results: readonly SweepCellResult<unknown>[], cwd = process.cwd()): string {
  const rows = results.map((result) => {
    const counts = result.results?.counts;
    return [
      String(result.cell.seed),
      verdictWord(result.verdict),
      counts === undefined ? '-' : `${counts.ok}/${counts.fail}/${counts.info}`,
      truncate(anomalyText(result), anomalyWidthMax),
      result.dir === undefined ? '-' : shownPath(result.dir, cwd),
    ];
  });
  const header = ['seed', 'verdict', 'ok/fail/info', 'anomalies', 'store'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: readonly string[]) =>
    cells.map((cell, column) => (column === 0 ? cell.padStart(widths[0]!) : column === cells.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

/** `sweep: 20 runs: 18 valid, 2 INVALID (seeds 7, 13), 0 unknown` (+ how many never ran). */
export function formatSweepSummary(results: readonly SweepCellResult<unknown>[], planned: number): string {
  const seedsOf = (verdict: Validity) => [...new Set(results.filter((r) => r.verdict === verdict).map((r) => r.cell.seed))];
  const part = (verdict: Validity) => {
    const seeds = seedsOf(verdict);
    const count = results.filter((r) => r.verdict === verdict).length;
    return `${count} ${verdictWord(verdict)}${count > 0 && verdict !== true ? ` (seed${seeds.length === 1 ? '' : 's'} ${seeds.join(', ')})` : ''}`;
  };
  const skipped = planned - results.length;
  return `sweep: ${results.length} run${results.length === 1 ? '' : 's'}: ${part(true)}, ${part(false)}, ${part('unknown')}${skipped > 0 ? `; ${skipped} not run` : ''}; verdict: ${verdictWord(sweepVerdict(results))}`;
}

/** Invalid if any run was, else unknown if any was, else valid (Jepsen's compose). */
export function sweepVerdict(results: readonly SweepCellResult<unknown>[]): Validity {
  return composeValidity(results.map((r) => r.verdict));
}

export function sweepExitCode(results: readonly SweepCellResult<unknown>[]): number {
  return exitCodeFor(sweepVerdict(results));
}

/** Relative to the working folder when the store is below it, else as it is. */
function shownPath(dir: string, cwd: string): string {
  const relative = path.relative(cwd, dir);
  return relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? dir : relative;
}

function truncate(text: string, width: number): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length <= width ? flat : `${flat.slice(0, width - 1)}…`;
}

function lastLine(text: string): string {
  return text.trim().split('\n').pop() ?? '';
}
