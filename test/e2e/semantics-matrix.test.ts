import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatMatrix, judgeClaims, runMatrix, semanticsClaims, type MatrixRun } from '../../scripts/semantics-matrix.js';

/**
 * The issue-3 semantics matrix, shortened: 3 seeds x 3 claims of `harness test --target rpc`
 * with a 4 s time limit and faults every second. The full one (seeds 1..20, 10 s) is
 * `npm run semantics-matrix`.
 */
describe('e2e: semantics matrix (harness test --target rpc, 3 seeds x 3 claims)', function () {
  this.timeout(240_000);
  const storeDir = mkdtempSync(join(tmpdir(), 'semantics-matrix-test-'));
  let runs: MatrixRun[] = [];

  before(async () => {
    runs = await runMatrix({ seeds: [1, 2, 3], timeLimitS: 4, parallel: 3, storeDir, claims: semanticsClaims, extraArgs: ['--nemesis-interval', '1'] });
    process.stdout.write(`${formatMatrix(judgeClaims(runs, semanticsClaims), 4, ['--nemesis-interval', '1']).replace(/^/gm, '      ')}\n`);
  });
  after(() => rmSync(storeDir, { recursive: true, force: true }));

  const runsOf = (semantics: string) => runs.filter((run) => run.claim.semantics === semantics);
  const describeRuns = (list: MatrixRun[]) => JSON.stringify(list.map((r) => ({ seed: r.seed, exit: r.exitCode, anomalies: r.anomalies, faults: r.faults, counts: r.counts, out: r.valid === undefined ? r.stderrTail : undefined })));

  it('at-least-once under drop is flagged (exit 1) with duplicated requests', () => {
    const mine = runsOf('at-least-once');
    assert.equal(mine.length, 3);
    for (const run of mine) {
      assert.deepEqual([run.exitCode, run.valid], [1, false], describeRuns(mine));
      assert.ok((run.anomalies?.duplicated ?? 0) > 0, describeRuns(mine));
    }
  });

  it('at-most-once under crash,drop is flagged (exit 1): the restarted server forgot', () => {
    const mine = runsOf('at-most-once');
    for (const run of mine) {
      assert.deepEqual([run.exitCode, run.valid], [1, false], describeRuns(mine));
      assert.ok((run.faults?.crash ?? 0) > 0, describeRuns(mine));
    }
  });

  it('exactly-once under partition,drop,crash,pause is valid (exit 0) with every fault kind exercised', () => {
    const mine = runsOf('exactly-once');
    for (const run of mine) {
      assert.deepEqual([run.exitCode, run.valid], [0, true], describeRuns(mine));
      assert.ok((run.counts?.ok ?? 0) > 5, describeRuns(mine)); // it did real work (few ops when the machine is loaded)
    }
    const kinds = new Set(mine.flatMap((run) => Object.keys(run.faults ?? {})));
    assert.deepEqual([...kinds].sort(), ['crash', 'drop', 'partition', 'pause'], describeRuns(mine));
  });
});
