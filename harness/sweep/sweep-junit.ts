/** JUnit XML of a sweep for CI: one suite, one test case a run (results/junit.ts does one run). */
import { junitRoot, writeJunitFile } from '../../results/junit.js';
import type { SweepCellResult } from './sweep-runner.js';
import { anomalyText } from './sweep-table.js';

/**
 * One JUnit suite for a sweep, one test case a run (`seed 7`, `seed 7 #2` for a repeat): an
 * invalid run is a failure; unknown, aborted or crashed is an error (never a pass).
 */
export function sweepJunitXml(runs: readonly SweepCellResult<unknown>[]): string {
  const builder = junitRoot.newBuilder();
  const name = runs.find((run) => run.results !== undefined)?.results?.spec.name ?? 'sweep';
  const suite = builder.testSuite().name(`sweep ${name}`).time(runs.reduce((total, run) => total + run.elapsedMs, 0) / 1000);
  const timesSeen = new Map<number, number>();
  for (const run of runs) {
    const seen = (timesSeen.get(run.cell.seed) ?? 0) + 1;
    timesSeen.set(run.cell.seed, seen);
    const testCase = suite
      .testCase()
      .className(`harness.sweep.${name}`)
      .name(`seed ${run.cell.seed}${seen > 1 ? ` #${seen}` : ''}`)
      .time(run.elapsedMs / 1000)
      .standardOutput(JSON.stringify({ seed: run.cell.seed, store: run.dir, exitCode: run.exitCode, replay: run.results?.spec.command }, null, 2));
    if (run.verdict === false) testCase.failure(anomalyText(run), 'invalid');
    else if (run.verdict !== true) testCase.error(anomalyText(run), run.results?.aborted?.reason ?? 'unknown');
  }
  return builder.build();
}

export function writeSweepJunit(file: string, runs: readonly SweepCellResult<unknown>[]): void {
  writeJunitFile(file, sweepJunitXml(runs));
}
