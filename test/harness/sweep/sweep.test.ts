import assert from 'node:assert/strict';
import { execa } from 'execa';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const harnessBin = fileURLToPath(new URL('../../../../bin/harness.js', import.meta.url));

/**
 * `harness test --seeds` end to end: each seed a real `harness test` child, stored as usual;
 * the table, the summary, the JUnit suite and the combined exit code come from what they stored.
 */
describe('harness test --seeds (sweep)', function () {
  this.timeout(180_000);
  let store: string;
  beforeEach(() => {
    store = mkdtempSync(path.join(tmpdir(), 'sweep-test-'));
  });
  afterEach(() => rmSync(store, { recursive: true, force: true }));

  const sweep = (args: string[]) => execa(process.execPath, [harnessBin, 'test', ...args, '--store', store], { reject: false, stdin: 'ignore', env: { CI: '1' } });

  it('runs one test per seed, two at a time, stores each, prints a row each and writes one JUnit suite', async () => {
    const junit = path.join(store, 'junit.xml');
    const child = await sweep(['--target', 'noop', '--nemesis', 'none', '--time-limit', '0.5', '--seeds', '1..3', '--parallel', '2', '--junit', junit]);
    assert.equal(child.exitCode, 0, child.stderr);
    const rows = child.stdout.split('\n').filter((line) => /^\s*\d+\s/.test(line));
    assert.deepEqual(rows.map((row) => Number(row.trim().split(/\s+/)[0])), [1, 2, 3], child.stdout);
    for (const row of rows) assert.match(row, /valid\s+\d+\/\d+\/\d+\s+-\s+\S+/);
    assert.match(child.stdout, /^sweep: 3 runs: 3 valid, 0 INVALID, 0 unknown; verdict: valid$/m);
    const runDirs = readdirSync(path.join(store, 'noop-register'));
    assert.equal(runDirs.length, 3);
    const seeds = runDirs.map((dir) => (JSON.parse(readFileSync(path.join(store, 'noop-register', dir, 'test.json'), 'utf8')) as { seed: number }).seed);
    assert.deepEqual(seeds.sort(), [1, 2, 3]);
    const xml = readFileSync(junit, 'utf8');
    assert.equal((xml.match(/<testsuite /g) ?? []).length, 1);
    assert.deepEqual([...xml.matchAll(/<testcase [^>]*name="([^"]+)"/g)].map((m) => m[1]), ['seed 1', 'seed 2', 'seed 3']);
  });

  it('--repeat runs one seed several times', async () => {
    const child = await sweep(['--target', 'noop', '--nemesis', 'none', '--time-limit', '0.3', '--seed', '5', '--repeat', '2']);
    assert.equal(child.exitCode, 0, child.stderr);
    assert.equal(child.stdout.split('\n').filter((line) => /^\s*5\s+valid/.test(line)).length, 2, child.stdout);
  });

  it('exits 1 when a seed is invalid, and --until-fail starts no run after the first invalid one', async () => {
    // at-least-once under drop re-executes retried requests: flagged in 20/20 seeds of the semantics matrix.
    const child = await sweep(['--target', 'rpc', '--semantics', 'at-least-once', '--nemesis', 'drop', '--nemesis-interval', '0.5', '--time-limit', '3', '--seeds', '1..4', '--until-fail']);
    assert.equal(child.exitCode, 1, `${child.stdout}\n${child.stderr}`);
    const verdicts = child.stdout.split('\n').filter((line) => /^\s*\d+\s/.test(line)).map((row) => row.trim().split(/\s+/)[1]);
    assert.equal(verdicts.at(-1), 'INVALID', child.stdout);
    assert.ok(!verdicts.slice(0, -1).includes('INVALID'), child.stdout);
    if (verdicts.length < 4) assert.match(child.stdout, new RegExp(`; ${4 - verdicts.length} not run;`));
  });

  it('refuses a bad seed list, --seed with --seeds, and a bad --parallel before any run starts (exit 64)', async () => {
    for (const args of [['--seeds', '3..1'], ['--seeds', '1..3', '--seed', '2'], ['--seeds', '1,2', '--parallel', '0'], ['--repeat', 'x']]) {
      const child = await sweep(['--target', 'noop', ...args]);
      assert.equal(child.exitCode, 64, `${args.join(' ')}: ${child.stderr}`);
      assert.match(child.stderr, /^harness: /m);
    }
    assert.deepEqual(readdirSync(store), []);
  });
});
