/** `harness check` end to end: spawns `node bin/harness.js check ...` and asserts exit codes and output. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../../../', import.meta.url));
const dataDir = process.env.PORCUPINE_DATA_DIR ?? join(repo, '..', 'shared', 'porcupine-data');

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function harness(...args: string[]): Run {
  const run = spawnSync(process.execPath, [join(repo, 'bin', 'harness.js'), ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

function jsonLines(stdout: string): Record<string, unknown>[] {
  return stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('harness check (CLI)', function () {
  this.timeout(120_000);
  let dir: string;
  const file = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'harness-check-'));
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('exits 0 for a linearizable file and 1 for one that is not, with one line a file and an explanation', () => {
    const ok = harness('check', join(dataDir, 'jepsen-etcd/etcd_002.log'));
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /etcd_002\.log: linearizable \(cas-register, 77 ops, [\d.]+ ms\)\n$/);
    const bad = harness('check', join(dataDir, 'jepsen-etcd/etcd_000.log'));
    assert.equal(bad.status, 1, bad.stderr);
    const [verdict, stuck, ...rest] = bad.stdout.trim().split('\n');
    assert.match(verdict!, /etcd_000\.log: NOT linearizable \(cas-register, 85 ops, [\d.]+ ms\)$/);
    assert.match(stuck!, /^ {2}\d+ of 85 operations linearize, leaving state .+; none of these can be linearized next:$/);
    assert.ok(rest.some((line) => /process \d+, line \d+/.test(line)), bad.stdout);
  });

  it('--json prints one object a file with the verdict and, for a violation, the counterexample', () => {
    const run = harness('check', '--json', join(dataDir, 'kv/c01-ok.txt'), join(dataDir, 'kv/c01-bad.txt'));
    assert.equal(run.status, 1, run.stderr);
    const [ok, bad] = jsonLines(run.stdout);
    assert.deepEqual(
      { file: ok!.file, format: ok!.format, model: ok!.model, ops: ok!.ops, valid: ok!.valid },
      { file: join(dataDir, 'kv/c01-ok.txt'), format: 'edn-kv', model: 'kv', ops: 58, valid: true },
    );
    assert.equal(typeof ok!.elapsedMs, 'number');
    assert.equal(ok!.counterexample, undefined);
    assert.deepEqual({ model: bad!.model, ops: bad!.ops, valid: bad!.valid }, { model: 'kv', ops: 38, valid: false });
    const [part] = bad!.counterexample as { key: string; linearizedPrefix: unknown[]; nextCandidates: unknown[]; state: string }[];
    assert.equal(typeof part!.key, 'string');
    assert.ok(part!.nextCandidates.length > 0);
    assert.equal(typeof part!.state, 'string');
  });

  it('exits 2 when the time budget runs out and nothing is found not linearizable', () => {
    const run = harness('check', '--json', '--timeout-ms', '1', join(dataDir, 'kv/c50-ok.txt'), join(dataDir, 'jepsen-etcd/etcd_002.log'));
    const [unknown, ok] = jsonLines(run.stdout);
    assert.equal(unknown!.valid, 'unknown', run.stdout);
    assert.equal(ok!.valid, true);
    assert.equal(run.status, 2, run.stderr);
  });

  it('checks and prints the other files first, then exits 65 for a malformed one, naming file:line', () => {
    const malformed = file('bad.jsonl', '{"process":0,"type":"invoke","f":"read"}\n{"process":0,"type":"done","f":"read","value":1}\n');
    const run = harness('check', malformed, join(dataDir, 'jepsen-etcd/etcd_000.log'));
    assert.equal(run.status, 65);
    assert.equal(run.stderr, `harness: ${malformed}:2: expected "type" to be one of invoke/ok/fail/info, got "done"\n`);
    assert.match(run.stdout, /etcd_000\.log: NOT linearizable/);
    const orphan = file('orphan.edn', '{:process 0 :type :invoke :f :read}\n{:process 0 :type :ok :f :read :value 1}\n{:process 3 :type :ok :f :write :value 1}\n');
    const orphanRun = harness('check', '--json', orphan);
    assert.equal(orphanRun.status, 65);
    assert.match(orphanRun.stderr, /orphan\.edn:3: ok write of process 3 has no matching invoke/);
    assert.deepEqual(jsonLines(orphanRun.stdout)[0], { file: orphan, error: `${orphan}:3: ok write of process 3 has no matching invoke`, exitCode: 65 });
  });

  it('checks a history.jsonl whose last line a crash cut short, saying which line it left out; --json counts the history', () => {
    const torn = file('torn.jsonl', [
      '{"process":0,"type":"invoke","f":"write","value":1}',
      '{"process":"nemesis","type":"info","f":"start-partition","value":null}',
      '{"process":0,"type":"ok","f":"write","value":1}',
      '{"process":1,"type":"invoke","f":"read","value":null}',
      '{"process":1,"type":"ok","f":"re',
    ].join('\n'));
    const run = harness('check', '--json', torn);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stderr, `harness: ${torn}:5: warning: the last line is cut short (a write interrupted by a crash?); left out, the rest is read\n`);
    const [verdict] = jsonLines(run.stdout);
    assert.deepEqual([verdict!.ops, verdict!.valid], [2, true]);
    assert.deepEqual(verdict!.history, { operations: 2, ok: 1, fail: 0, info: 0, pending: 1, faultWindows: { partition: 1 } });
    // A bad line that is not the last (or ends in a newline) is malformed, not torn.
    assert.equal(harness('check', file('bad-last.jsonl', '{"process":0,"type":"invoke","f":"read"}\n{"process":0,"ty\n')).status, 65);
  });

  it('treats an empty file as an empty, linearizable history', () => {
    const run = harness('check', '--json', file('empty.jsonl', ''), '--model', 'kv');
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(
      (({ ops, valid, model }) => ({ ops, valid, model }))(jsonLines(run.stdout)[0]!),
      { ops: 0, valid: true, model: 'kv' },
    );
    assert.equal(harness('check', file('empty.edn', '; nothing yet\n')).status, 0);
  });

  it('takes the model from the operations when obvious, and --init as the initial state', () => {
    const mutex = file(
      'mutex.jsonl',
      ['{"process":0,"type":"invoke","f":"acquire"}', '{"process":0,"type":"ok","f":"acquire"}', '{"process":1,"type":"invoke","f":"acquire"}', '{"process":1,"type":"ok","f":"acquire"}'].join('\n'),
    );
    const run = harness('check', '--json', mutex);
    assert.equal(run.status, 1, run.stderr);
    assert.equal(jsonLines(run.stdout)[0]!.model, 'mutex');
    const register = file('register.edn', '[{:process 0 :type :invoke :f :read} {:process 0 :type :ok :f :read :value 5}]');
    assert.equal(harness('check', register).status, 1);
    assert.equal(harness('check', register, '--init', '5').status, 0);
    const txn = file('txn.edn', '{:process 0 :type :invoke :f :txn :value [[:w :x 1]]}\n{:process :nemesis :type :info :f :start}\n{:process 0 :type :ok :f :txn :value [[:w :x 1]]}\n');
    const txnRun = harness('check', '--json', txn);
    assert.equal(txnRun.status, 0, txnRun.stderr);
    assert.deepEqual((({ model, txns }) => ({ model, txns }))(jsonLines(txnRun.stdout)[0]!), { model: 'rw-register', txns: 1 });
    const unclear = file('unclear.jsonl', '{"process":0,"type":"invoke","f":"frobnicate"}\n');
    const unclearRun = harness('check', unclear);
    assert.equal(unclearRun.status, 64);
    assert.match(unclearRun.stderr, /cannot tell the model from the operations \(frobnicate\); give --model register\|cas-register\|kv\|mutex\|multi-register/);
  });

  it('checks the harness\'s own register histories ([key, v] values) one register per key', () => {
    const lines = (finalRead: string) =>
      [
        '{"process":0,"type":"invoke","f":"write","value":["a",1]}',
        '{"process":0,"type":"ok","f":"write","value":["a",1]}',
        '{"process":1,"type":"invoke","f":"cas","value":["b",[null,2]]}',
        '{"process":1,"type":"ok","f":"cas","value":["b",[null,2]]}',
        '{"process":0,"type":"invoke","f":"read","value":["a",null]}',
        `{"process":0,"type":"ok","f":"read","value":${finalRead}}`,
      ].join('\n');
    // As one register holding tuples, reading ["a",1] after ["b",2] was written would be a violation.
    const ok = harness('check', '--json', file('keyed-ok.jsonl', lines('["a",1]')));
    assert.equal(ok.status, 0, ok.stdout + ok.stderr);
    assert.deepEqual((({ model, valid, parts }) => ({ model, valid, parts }))(jsonLines(ok.stdout)[0]!), { model: 'cas-register per key', valid: true, parts: 2 });
    const stale = harness('check', '--model', 'cas-register', file('keyed-bad.jsonl', lines('["a",2]')));
    assert.equal(stale.status, 1, stale.stdout + stale.stderr);
    assert.match(stale.stdout, /key "a"/);
  });

  it("reads fail as each format's writers meant it: Knossos for jepsen-edn, Porcupine for jepsen-log, the harness for jsonl", () => {
    // The case: `harness check --model cas-register --format jepsen-edn --init 0` on a Knossos history with a failed cas.
    const edn = file('knossos.edn', '[{:process 175, :type :invoke, :f :cas, :value [0 0]}\n {:process 175, :type :fail, :f :cas, :value [0 0]}]');
    const knossos = harness('check', '--model', 'cas-register', '--format', 'jepsen-edn', '--init', '0', edn);
    assert.equal(knossos.status, 0, knossos.stdout + knossos.stderr);
    const log = file('porcupine.log', 'INFO  jepsen.util - 1\t:invoke\t:cas\t[0 0]\nINFO  jepsen.util - 1\t:fail\t:cas\t[0 0]\n');
    assert.equal(harness('check', '--init', '0', log).status, 1);
    const jsonl = (error: string) => file(`own-${error}.jsonl`, `{"process":1,"type":"invoke","f":"cas","value":[0,0]}\n{"process":1,"type":"fail","f":"cas","value":[0,0],"error":"${error}"}\n`);
    assert.equal(harness('check', '--init', '0', jsonl('precondition-failed')).status, 1);
    assert.equal(harness('check', '--init', '0', jsonl('not-primary')).status, 0);
  });

  it('exits 64 with a clear message for an unknown flag or a bad option value', () => {
    const etcd = join(dataDir, 'jepsen-etcd/etcd_002.log');
    const cases: [string[], RegExp][] = [
      [['--frob'], /unknown option '--frob'/],
      [['--model', 'queue'], /argument 'queue' is invalid\. Allowed choices are register, cas-register, kv, mutex, multi-register/],
      [['--format', 'csv'], /argument 'csv' is invalid/],
      [['--timeout-ms', 'soon'], /expected a whole number of milliseconds > 0, got soon/],
      [['--init', '{oops'], /not JSON: \{oops/],
      [['--model', 'mutex', '--init', '"held"'], /--init for mutex must be true \(held\) or false \(free\)/],
    ];
    for (const [args, message] of cases) {
      const run = harness('check', etcd, ...args);
      assert.equal(run.status, 64, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, message);
      assert.equal(run.stdout, '');
    }
    assert.equal(harness('check').status, 64);
  });
});
