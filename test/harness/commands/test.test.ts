import assert from 'node:assert/strict';
import { execa } from 'execa';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { harness } from '../run-cli.js';

const harnessBin = fileURLToPath(new URL('../../../../bin/harness.js', import.meta.url));


describe('harness test (CLI)', function () {
  this.timeout(60_000);
  let store: string;
  beforeEach(() => {
    store = mkdtempSync(path.join(tmpdir(), 'cli-test-'));
  });
  afterEach(() => rmSync(store, { recursive: true, force: true }));

  it('documents every option with its unit in --help', async () => {
    const { code, stdout } = await harness(['test', '--help']);
    assert.equal(code, 0);
    for (const [flag, unit] of [
      ['--time-limit <seconds>', 'seconds'],
      ['--rate <Hz>', 'per second'],
      ['--op-timeout <ms>', 'milliseconds'],
      ['--nemesis-interval <seconds>', 'seconds'],
      ['--concurrency <n>', 'client'],
      ['--store <dir>', 'store'],
      ['--junit <file>', 'JUnit'],
      ['--seed <int>', 'seed'],
      ['--runtime <name>', 'netns'],
      ['--nodes <list|count>', 'node'],
      ['--workload <name>', 'workload'],
      ['--nemesis <list>', 'partition'],
      ['--semantics <value>', 'exactly-once'],
    ]) {
      const line = stdout.split('\n').findIndex((l) => l.includes(flag));
      assert.ok(line >= 0, `--help lists ${flag}`);
      assert.ok(stdout.split('\n').slice(line, line + 4).join(' ').replace(/\s+/g, ' ').includes(unit), `${flag} says ${unit}`);
    }
  });

  it('exits 64 on an unknown flag or a bad value, before starting anything', async () => {
    assert.equal((await harness(['test', '--no-such-flag'])).code, 64);
    assert.equal((await harness(['test', '--concurrency', '0', '--store', store])).code, 64);
    assert.equal((await harness(['test', '--time-limit', 'soon', '--store', store])).code, 64);
    const wrongOption = await harness(['test', '--target', 'noop', '--semantics', 'exactly-once', '--store', store]);
    assert.equal(wrongOption.code, 64);
    assert.match(wrongOption.stderr, /--semantics is not an option of target 'noop'/);
    assert.equal((await harness(['test', '--target', 'rpc', '--semantics', 'twice', '--store', store])).code, 64);
    const tooManyNodes = await harness(['test', '--target', 'rpc', '--nodes', '3', '--nemesis', 'none', '--store', store]);
    assert.equal(tooManyNodes.code, 64, tooManyNodes.stderr);
    assert.match(tooManyNodes.stderr, /exactly one server node/);
    assert.equal((await harness(['test', '--target', 'noop', '--checkers', 'vibes', '--store', store])).code, 64);
    const badNemesis = await harness(['test', '--target', 'noop', '--nemesis', 'meteor', '--store', store]);
    assert.equal(badNemesis.code, 64);
    assert.deepEqual(readdirSync(store), [], 'nothing stored for a usage error');
  });

  it('exits 64 before anything starts when workload, target and checkers do not fit, naming both sides', async () => {
    const etcdKv = await harness(['test', '--target', 'etcd', '--workload', 'kv', '--store', store]);
    assert.equal(etcdKv.code, 64, etcdKv.stderr);
    assert.match(etcdKv.stderr, /workload 'kv' sends get\/put\/append, but target 'etcd' serves read\/write\/cas/);
    const rpcRegister = await harness(['test', '--target', 'rpc', '--workload', 'register', '--store', store]);
    assert.equal(rpcRegister.code, 64, rpcRegister.stderr);
    const rpcLinearizable = await harness(['test', '--target', 'rpc', '--checkers', 'linearizable', '--store', store]);
    assert.equal(rpcLinearizable.code, 64, rpcLinearizable.stderr);
    assert.match(rpcLinearizable.stderr, /checker 'linearizable' judges read\/write\/cas, but workload 'ledger' sends/);
    const sweep = await harness(['test', '--seeds', '1..3', '--target', 'etcd', '--workload', 'kv', '--store', store]);
    assert.equal(sweep.code, 64, 'a sweep refuses before its first run');
    assert.match(sweep.stderr, /target 'etcd' serves read\/write\/cas/);
    assert.doesNotMatch(rpcLinearizable.stderr + rpcRegister.stderr + etcdKv.stderr, /\n\s+at /, 'no stack trace');
    assert.deepEqual(readdirSync(store), [], 'nothing stored for a usage error');
  });

  it('exits 64 in one line, before anything starts, on a store or JUnit path it cannot write', async () => {
    const file = path.join(store, 'a-file');
    writeFileSync(file, '');
    const cases: Array<[string[], RegExp]> = [
      [['--store', file], /store folder .*a-file: .*a-file is not a folder/],
      [['--store', store, '--junit', '/dev/null/x.xml'], /--junit \/dev\/null\/x.xml: \/dev\/null is not a folder/],
      [['--store', store, '--junit', store], /--junit .*: is a folder/],
    ];
    if (existsSync('/proc/self')) cases.push([['--store', '/proc/nope'], /store folder \/proc\/nope: cannot create \/proc\/nope/]);
    for (const [args, message] of cases) {
      const started = Date.now();
      const result = await harness(['test', '--target', 'noop', '--nemesis', 'none', '--time-limit', '5', ...args]);
      assert.equal(result.code, 64, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, message);
      assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
      assert.ok(Date.now() - started < 4000, 'refused before the run');
    }
    assert.deepEqual(readdirSync(store), ['a-file'], 'nothing stored');
  });

  it('runs the no-op target, prints the seed, stores test.json with the replay command, writes JUnit, exits 0', async () => {
    const junit = path.join(store, 'junit.xml');
    const args = ['test', '--target', 'noop', '--nemesis', 'none', '--time-limit', '0.3', '--rate', '200', '--seed', '5', '--store', store, '--junit', junit];
    const { code, stdout, stderr } = await harness(args);
    assert.equal(code, 0, stderr + stdout);
    assert.match(stderr, /seed 5/);
    assert.match(stdout, /linearizable: valid/);
    assert.match(stdout, /verdict: valid/);
    const spec = JSON.parse(readFileSync(path.join(store, 'latest', 'test.json'), 'utf8'));
    assert.equal(spec.seed, 5);
    assert.equal(spec.timeLimitMs, 300);
    assert.equal(spec.rateHz, 200);
    assert.deepEqual(spec.checkers, ['linearizable', 'perf']);
    assert.match(readFileSync(junit, 'utf8'), /<testcase classname="harness.noop-register" name="linearizable"/);
    assert.match(readFileSync(path.join(store, 'latest', 'report.html'), 'utf8'), /<html/i);
    // The saved command rebuilds the same spec.
    const replayStore = path.join(store, 'replay');
    const replay = await harness([...spec.command.split(' ').slice(1), '--store', replayStore]);
    assert.equal(replay.code, 0, replay.stderr);
    assert.deepEqual(JSON.parse(readFileSync(path.join(replayStore, 'latest', 'test.json'), 'utf8')), spec);
  });

  it('replays the same faults and the same operations per client slot from --seed', async () => {
    const run = async (folder: string) => {
      const dir = path.join(store, folder);
      const args = ['test', '--target', 'noop', '--nemesis', 'partition,drop', '--nemesis-interval', '0.2', '--time-limit', '1', '--rate', '100', '--concurrency', '2', '--seed', '77', '--store', dir];
      assert.equal((await harness(args)).code, 0);
      const events = readFileSync(path.join(dir, 'latest', 'history.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
      const faults = events.filter((e) => e.process === 'nemesis').map((e) => JSON.stringify([e.f, e.value]));
      const slot0 = events.filter((e) => e.type === 'invoke' && e.process % 2 === 0).map((e) => JSON.stringify([e.f, e.value]));
      return { faults, slot0 };
    };
    const first = await run('a');
    const second = await run('b');
    assert.ok(first.faults.length >= 4, `faults recorded: ${first.faults.length}`);
    assert.deepEqual(second.faults, first.faults);
    const n = Math.min(first.slot0.length, second.slot0.length) - 3; // the final reads may land on other slots
    assert.ok(n > 10);
    assert.deepEqual(second.slot0.slice(0, n), first.slot0.slice(0, n));
  });

  it('the default test (rpc ledger, exactly-once, partition,drop,crash,pause) runs real servers under faults and passes', async () => {
    const { code, stdout, stderr } = await harness(['test', '--time-limit', '4', '--nemesis-interval', '0.5', '--seed', '1', '--store', store]);
    assert.equal(code, 0, stdout + stderr);
    const results = JSON.parse(readFileSync(path.join(store, 'latest', 'results.json'), 'utf8'));
    assert.deepEqual(results.results.map((r: { checker: string }) => r.checker), ['exactly-once', 'perf']);
    assert.equal(results.spec.target, 'rpc');
    assert.equal(results.spec.targetOptions.semantics, 'exactly-once');
    assert.deepEqual(results.spec.nemesis, ['partition', 'drop', 'crash', 'pause']);
    assert.ok(results.counts.ok > 10, `ok operations: ${results.counts.ok}`);
    const faults = new Set(results.results[1].faultWindows.map((w: { kind: string }) => w.kind));
    assert.ok(faults.size >= 3, `fault kinds seen: ${[...faults].join(',')}`);
    assert.ok(existsSync(path.join(store, 'latest', 'nodes', 'n1')), 'node files live in the run folder');
  });

  it('picks a random seed when none is given and prints it', async () => {
    const { code, stderr } = await harness(['test', '--target', 'noop', '--nemesis', 'none', '--time-limit', '0.1', '--store', store]);
    assert.equal(code, 0);
    const seed = Number(/seed (\d+)/.exec(stderr)?.[1]);
    assert.equal(JSON.parse(readFileSync(path.join(store, 'latest', 'test.json'), 'utf8')).seed, seed);
  });

  it('on SIGINT: heals, kills the server, keeps the history, exits 130', async function () {
    if (!existsSync(harnessBin)) this.skip();
    const child = execa('node', [harnessBin, 'test', '--time-limit', '60', '--nemesis', 'none', '--seed', '9', '--store', store], { reject: false, timeout: 60_000 });
    // Wait until clients are running (history growing), then interrupt.
    const started = Date.now();
    while (Date.now() - started < 30_000) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const history = path.join(store, 'latest', 'history.jsonl');
      if (existsSync(history) && readFileSync(history, 'utf8').split('\n').length > 20) break;
    }
    child.kill('SIGINT');
    const result = await child;
    assert.equal(result.exitCode, 130, result.stderr);
    const results = JSON.parse(readFileSync(path.join(store, 'latest', 'results.json'), 'utf8'));
    assert.equal(results.aborted.reason, 'interrupted');
    assert.equal(results.valid, 'unknown');
    assert.equal(results.partial, true, 'the partial history was checked');
    assert.match(result.stdout, /exactly-once: \w+ \(partial history\)/);
    assert.match(result.stdout, /verdict: \w+ \(partial: interrupted/);
    assert.ok(readFileSync(path.join(store, 'latest', 'history.jsonl'), 'utf8').split('\n').length > 20);
    // Every server process the run started is gone.
    const log = readFileSync(path.join(store, 'latest', 'harness.log'), 'utf8');
    const pids = [...log.matchAll(/"pid":(\d+)/g)].map((m) => Number(m[1]));
    assert.ok(pids.length > 0, 'the log names the server pid');
    for (const pid of pids) assert.throws(() => process.kill(pid, 0), /ESRCH/, `server pid ${pid} still alive`);
  });

  it('on SIGTERM: stops the same way and exits 143', async function () {
    if (!existsSync(harnessBin)) this.skip();
    const child = execa('node', [harnessBin, 'test', '--target', 'noop', '--time-limit', '60', '--nemesis', 'none', '--store', store], { reject: false, timeout: 60_000 });
    const history = path.join(store, 'latest', 'history.jsonl');
    const started = Date.now();
    while (Date.now() - started < 30_000 && !(existsSync(history) && readFileSync(history, 'utf8').length > 0)) await new Promise((resolve) => setTimeout(resolve, 100));
    child.kill('SIGTERM');
    const result = await child;
    assert.equal(result.exitCode, 143, result.stderr);
    assert.equal(JSON.parse(readFileSync(path.join(store, 'latest', 'results.json'), 'utf8')).aborted.reason, 'interrupted');
  });
});
