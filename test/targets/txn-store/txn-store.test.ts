import assert from 'node:assert/strict';
import { execa } from 'execa';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { harness } from '../../harness/run-cli.js';

/** Real runs of the txn-store (3 node processes on the local runtime) through `harness test`. */
describe('txn-store target (harness test, local runtime)', function () {
  this.timeout(120_000);
  let store: string;
  beforeEach(() => {
    store = mkdtempSync(path.join(tmpdir(), 'txn-store-test-'));
  });
  afterEach(async () => {
    // Every node process of the run is gone, whatever the verdict (their command lines name the store).
    const { stdout } = await execa('ps', ['-eo', 'pid,args'], { timeout: 5000 });
    const left = stdout.split('\n').filter((line) => line.includes(store) && line.includes('txn-store-node'));
    rmSync(store, { recursive: true, force: true });
    assert.deepEqual(left, [], 'no node process left behind');
  });

  const run = (...args: string[]) => harness(['test', '--target', 'txn-store', '--runtime', 'local', '--store', store, ...args]);
  const results = () => JSON.parse(readFileSync(path.join(store, 'latest', 'results.json'), 'utf8')) as { counts: { ok: number }; results: { checker: string; valid: unknown; summary: string }[] };

  for (const workload of ['list-append', 'rw-register', 'bank']) {
    it(`correct: ${workload} is valid under partition,crash`, async () => {
      const { code, stdout, stderr } = await run('--workload', workload, '--nemesis', 'partition,crash', '--nemesis-interval', '1', '--time-limit', '4', '--seed', '1');
      assert.equal(code, 0, stdout + stderr);
      const { counts, results: verdicts } = results();
      assert.ok(counts.ok > 0, 'some transactions committed (faults most of the time make most abort)');
      const checker = verdicts.find((r) => r.checker === (workload === 'bank' ? 'bank' : workload));
      assert.equal(checker?.valid, true, checker?.summary);
      // Every crashed node came back: a restart replays the log (in-doubt transactions, undelivered commits).
      assert.doesNotMatch(readFileSync(path.join(store, 'latest', 'harness.log'), 'utf8'), /exited during start|could not heal/);
    });
  }

  // Reads that take no locks give write skew (G2-item, G-single) and, for a transaction that reads
  // a key twice while another commits it, a non-repeatable read inside one transaction (internal).
  it('no-read-locks: write skew is caught in list-append (G2-item, G-single or internal), as the txn matrix runs it', async () => {
    const { code, stdout, stderr } = await run('--mode', 'no-read-locks', '--workload', 'list-append', '--nemesis', 'none', '--time-limit', '3', '--rate', '5000', '--concurrency', '10', '--seed', '2');
    assert.equal(code, 1, stdout + stderr);
    assert.match(results().results.find((r) => r.checker === 'list-append')!.summary, /G2-item|G-single|internal/);
  });

  it('no-durable-decision: a coordinator crashed at its commit point forgets the decision; the partial commit is caught', async () => {
    const { code, stdout, stderr } = await run('--mode', 'no-durable-decision', '--workload', 'list-append', '--nemesis', 'crash', '--time-limit', '5', '--seed', '3');
    assert.equal(code, 1, stdout + stderr);
    assert.equal(results().results.find((r) => r.checker === 'list-append')!.valid, false);
  });
});
