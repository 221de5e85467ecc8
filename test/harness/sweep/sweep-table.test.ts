import assert from 'node:assert/strict';
import { formatSweepSummary, formatSweepTable, sweepExitCode } from '../../../harness/sweep/sweep-table.js';
import type { SweepCellResult } from '../../../harness/sweep/sweep-runner.js';
import type { RunResults } from '../../../results/store.js';
import type { Validity } from '../../../harness/interfaces.js';

function cellResult(seed: number, valid: Validity | 'crashed', summary = 'fine'): SweepCellResult<undefined> {
  const results =
    valid === 'crashed'
      ? undefined
      : ({ valid, counts: { ok: 10, fail: 2, info: 1 }, results: [{ checker: 'linearizable', valid, summary }] } as unknown as RunResults);
  return {
    cell: { tag: undefined, seed, args: [], storeDir: '/s', timeoutMs: 1 },
    position: seed,
    exitCode: valid === true ? 0 : valid === false ? 1 : valid === 'crashed' ? 70 : 2,
    dir: valid === 'crashed' ? undefined : `/s/t/${seed}`,
    results,
    verdict: valid === 'crashed' ? 'unknown' : valid,
    elapsedMs: 1000,
    outputTail: 'harness: internal error: boom',
  };
}

describe('sweep table, summary and exit code', () => {
  it('a row a run with seed, verdict, counts, what failed and the store folder', () => {
    const table = formatSweepTable([cellResult(1, true), cellResult(7, false, 'read 3, expected 4'), cellResult(9, 'crashed')], '/elsewhere');
    const lines = table.split('\n');
    assert.equal(lines.length, 4);
    assert.match(lines[0]!, /seed\s+verdict\s+ok\/fail\/info\s+anomalies\s+store/);
    assert.match(lines[1]!, /^\s*1\s+valid\s+10\/2\/1\s+-\s+\/s\/t\/1$/);
    assert.match(lines[2]!, /^\s*7\s+INVALID\s+10\/2\/1\s+linearizable: read 3, expected 4\s+\/s\/t\/7$/);
    assert.match(lines[3]!, /^\s*9\s+unknown\s+-\s+no results \(exit 70\): harness: internal error: boom\s+-$/);
  });

  it('invalid beats unknown beats valid, as harness check does for files', () => {
    assert.equal(sweepExitCode([cellResult(1, true), cellResult(2, true)]), 0);
    assert.equal(sweepExitCode([cellResult(1, true), cellResult(2, 'unknown')]), 2);
    assert.equal(sweepExitCode([cellResult(1, 'crashed'), cellResult(2, true)]), 2);
    assert.equal(sweepExitCode([cellResult(1, 'unknown'), cellResult(2, false)]), 1);
  });

  it('the summary counts each verdict, names the failing seeds and the runs never started', () => {
    const summary = formatSweepSummary([cellResult(1, true), cellResult(4, false), cellResult(4, false), cellResult(6, 'unknown')], 6);
    assert.equal(summary, 'sweep: 4 runs: 1 valid, 2 INVALID (seed 4), 1 unknown (seed 6); 2 not run; verdict: INVALID');
  });
});
