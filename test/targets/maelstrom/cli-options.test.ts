import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { harness } from '../../harness/run-cli.js';

const harnessBin = fileURLToPath(new URL('../../../../bin/harness.js', import.meta.url));
const fixtures = fileURLToPath(new URL('../../../../test/fixtures/maelstrom/', import.meta.url));
const echoNode = `${JSON.stringify(process.execPath)} ${fixtures}flaky-echo.mjs`;

/**
 * Maelstrom's own command lines must work as its users type them (Gossip Glomers instructions,
 * Maelstrom's docs): its option names, Jepsen's `2n`, its node names and its defaults.
 */
describe('harness test takes Maelstrom option names', function () {
  this.timeout(120_000);
  let store: string;
  beforeEach(() => {
    store = mkdtempSync(path.join(tmpdir(), 'maelstrom-cli-'));
  });
  afterEach(() => rmSync(store, { recursive: true, force: true }));

  const run = (args: string[]) => harness(['test', '--target', 'maelstrom', '-w', 'echo', '--bin', echoNode, '--runtime', 'local', '--time-limit', '1', '--store', store, ...args]);
  const storedSpec = () => JSON.parse(readFileSync(path.join(store, 'latest', 'test.json'), 'utf8')) as Record<string, unknown>;

  it('lists them in --help', () => {
    const help = execFileSync(process.execPath, [harnessBin, 'test', '--help'], { encoding: 'utf8' });
    for (const option of ['-w, --workload', '--node-count', '--bin', '--topology', '--recovery', '--availability', '--test-count', '--key-count', '--max-txn-length', '--max-writes-per-key']) {
      assert.ok(help.includes(option), `${option} missing from harness test --help`);
    }
  });

  it('--node-count N names the nodes n0..n(N-1), as Maelstrom does; --concurrency 2n is two clients a node; no faults unless asked', async () => {
    const { code, stderr } = await run(['--node-count', '3', '--concurrency', '2n']);
    assert.equal(code, 0, stderr); // refused echoes did not happen: without --availability nothing asks for them
    const spec = storedSpec();
    assert.deepEqual(spec.nodes, ['n0', 'n1', 'n2']);
    assert.equal(spec.concurrency, 6);
    assert.deepEqual(spec.nemesis, []);
    assert.equal(spec.nemesisIntervalMs, 10_000);
  });

  it('--availability total rejects a run in which an operation failed; a fraction it met passes', async () => {
    const total = await run(['--node-count', '1', '--availability', 'total']);
    assert.equal(total.code, 1, total.stderr);
    assert.match(total.stdout, /availability: INVALID - \d+ of \d+ operations ok .*every operation \(--availability total\): not met/);
    const half = await run(['--node-count', '1', '--availability', '0.5']);
    assert.equal(half.code, 0, half.stderr);
    assert.match(half.stdout, /availability: valid - /);
    assert.equal(storedSpec().availability, 0.5);
  });

  it('--nemesis kill is crash (Maelstrom\'s name)', async () => {
    const { code, stderr } = await run(['--node-count', '2', '--nemesis', 'kill', '--nemesis-interval', '0.3']);
    assert.ok(code === 0 || code === 2, stderr);
    assert.deepEqual(storedSpec().nemesis, ['crash']);
    const history = readFileSync(path.join(store, 'latest', 'history.jsonl'), 'utf8');
    assert.match(history, /"f":"start-crash"/);
  });

  it('--test-count N runs seeds --seed.. and stops at the first invalid run, as Jepsen does', async () => {
    const valid = await run(['--node-count', '1', '--test-count', '2', '--seed', '7']);
    assert.equal(valid.code, 0, valid.stderr);
    assert.match(valid.stdout, /^\s+7\s+valid/m);
    assert.match(valid.stdout, /^\s+8\s+valid/m);
    const failing = await run(['--node-count', '1', '--test-count', '3', '--seed', '7', '--availability', 'total']);
    assert.equal(failing.code, 1, failing.stderr);
    assert.match(failing.stdout, /^\s+7\s+INVALID/m);
    assert.doesNotMatch(failing.stdout, /^\s+8\s/m);
  });

  it('refuses bad values with exit 64, naming the flag', async () => {
    for (const [args, flag] of [
      [['--concurrency', 'x'], '--concurrency'],
      [['--concurrency', '0n'], '--concurrency'],
      [['--availability', '1.5'], '--availability'],
      [['--test-count', '0'], '--test-count'],
      [['--key-count', '3'], '--key-count'],
      [['--max-txn-length', '0', '-w', 'txn-list-append'], '--max-txn-length'],
      [['--latency', '-1'], '--latency'],
      [['--latency-dist', 'gaussian'], '--latency-dist'],
    ] as const) {
      const { code, stderr } = await run([...args]);
      assert.equal(code, 64, `${args.join(' ')}: ${stderr}`);
      assert.ok(stderr.includes(flag), `${args.join(' ')}: ${stderr}`);
    }
  });

  it('--latency holds every message that long (an echo, request and reply, twice); --log-stderr and --log-net-recv print what the nodes write and read', async () => {
    const { code, stderr } = await run(['--node-count', '1', '--latency', '150', '--log-stderr', '--log-net-recv']);
    assert.equal(code, 0, stderr);
    assert.match(stderr, /^n0: n0 is up$/m);
    assert.match(stderr, /^n0 recv c0 -> n0 init msg_id \d+/m);
    assert.match(stderr, /^n0 recv c\d+ -> n0 echo msg_id \d+/m);
    assert.doesNotMatch(stderr, /^n0 send /m, 'sends only with --log-net-send');
    const results = JSON.parse(readFileSync(path.join(store, 'latest', 'results.json'), 'utf8')) as { results: Array<{ checker: string; overall?: { latencyMs: { p50: number } } }> };
    const perf = results.results.find((c) => c.checker === 'perf')!;
    assert.ok(perf.overall!.latencyMs.p50 >= 300, `echo p50 ${perf.overall!.latencyMs.p50} ms under --latency 150: the request and the reply each wait`);
    const spec = storedSpec();
    assert.match(String(spec.command), / --latency 150 --latency-dist constant --log-stderr --log-net-recv /, 'the replay command gives the flags as flags');
  });
});
