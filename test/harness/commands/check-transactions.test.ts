/** `harness check` on transactional histories end to end: model detection, verdict lines, exit codes, bad input. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../../../', import.meta.url));

function harness(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [join(repo, 'bin', 'harness.js'), ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

const writeSkew = [
  '{:process 0, :type :invoke, :f :txn, :value [[:r :x nil] [:append :y 1]]}',
  '{:process 1, :type :invoke, :f :txn, :value [[:r :y nil] [:append :x 1]]}',
  '{:process 0, :type :ok, :f :txn, :value [[:r :x []] [:append :y 1]]}',
  '{:process 1, :type :ok, :f :txn, :value [[:r :y nil] [:append :x 1]]}',
  '{:process 0, :type :invoke, :f :txn, :value [[:r :x nil] [:r :y nil]]}',
  '{:process 0, :type :ok, :f :txn, :value [[:r :x [1]] [:r :y [1]]]}',
].join('\n');

describe('harness check (transactional histories)', function () {
  this.timeout(60_000);
  let dir: string;
  const file = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  before(() => (dir = mkdtempSync(join(tmpdir(), 'harness-check-txn-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('detects list-append from :append, explains the cycle, and follows --consistency-models', () => {
    const path = file('skew.edn', writeSkew);
    const text = harness('check', path);
    assert.equal(text.status, 1, text.stderr);
    assert.match(text.stdout, /INVALID \(list-append, strict-serializable, 3 txns/);
    assert.match(text.stdout, /T1 read x = \[\], which does not include T2's append of 1/);
    const json = JSON.parse(harness('check', '--json', path).stdout) as Record<string, unknown>;
    assert.deepEqual([json.model, json.valid, json.anomalyTypes, json.notModels], ['list-append', false, ['G2-item'], ['repeatable-read']]);
    assert.ok(Array.isArray((json.anomalies as Record<string, unknown[]>)['G2-item']));
    assert.equal(harness('check', '--consistency-model', 'snapshot-isolation', path).status, 0);
    assert.equal(harness('check', '--consistency-models', 'read-committed', '--anomalies', 'G2', path).status, 1);
  });

  it('tells rw-register (unique writes) from multi-register (a value written twice)', () => {
    const rw = file('rw.jsonl', ['{"process":0,"type":"invoke","f":"txn","value":[["w","x",1]]}', '{"process":0,"type":"ok","f":"txn","value":[["w","x",1]]}', '{"process":1,"type":"invoke","f":"txn","value":[["r","x",null]]}', '{"process":1,"type":"ok","f":"txn","value":[["r","x",null]]}'].join('\n'));
    const run = harness('check', '--json', rw);
    assert.equal(run.status, 1, run.stderr);
    assert.deepEqual((JSON.parse(run.stdout) as { anomalyTypes: string[] }).anomalyTypes, ['G-single-realtime']);
    assert.equal(harness('check', '--consistency-models', 'serializable', rw).status, 0);
    const multi = file('multi.edn', '{:process 0 :type :invoke :f :txn :value [[:w :x 1]]}\n{:process 0 :type :ok :f :txn :value [[:w :x 1]]}\n{:process 0 :type :invoke :f :txn :value [[:w :x 1]]}\n{:process 0 :type :ok :f :txn :value [[:w :x 1]]}\n');
    assert.equal((JSON.parse(harness('check', '--json', multi).stdout) as { model: string }).model, 'multi-register');
  });

  it('bad input: unknown micro-op, a read that is not a list, duplicate appends: 65 with file:line; unknown model names: 64', () => {
    const cases: [string, RegExp][] = [
      ['{:process 0 :type :invoke :f :txn :value [[:append :x 1] [:frob :x 2]]}\n', /u\.edn:1: unknown micro-op "frob"/],
      ['{:process 0 :type :invoke :f :txn :value [[:r :x nil] [:append :x 1]]}\n{:process 0 :type :ok :f :txn :value [[:r :x 3] [:append :x 1]]}\n', /u\.edn:2: a list-append read must be a list/],
      ['{:process 0 :type :invoke :f :txn :value [[:append :x 1]]}\n{:process 0 :type :ok :f :txn :value [[:append :x 1]]}\n{:process 1 :type :invoke :f :txn :value [[:append :x 1]]}\n', /u\.edn:3: value 1 is appended to x twice/],
    ];
    for (const [text, message] of cases) {
      const run = harness('check', '--model', 'list-append', file('u.edn', text));
      assert.equal(run.status, 65, run.stderr);
      assert.match(run.stderr, message);
    }
    const path = file('ok.edn', writeSkew);
    assert.equal(harness('check', '--consistency-models', 'serialisable', path).status, 64);
    assert.equal(harness('check', '--anomalies', 'G9', path).status, 64);
  });
});
