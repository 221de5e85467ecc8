import assert from 'node:assert/strict';
import { execa } from 'execa';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const harnessBin = fileURLToPath(new URL('../../../../bin/harness.js', import.meta.url));
const harness = (...args: string[]) => execa(process.execPath, [harnessBin, ...args], { reject: false, stdin: 'ignore', env: { CI: '1' } });

interface Event { process: number | string; type: string; f: string; value: unknown }
const historyOf = (dir: string): Event[] => readFileSync(path.join(dir, 'history.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Event);

describe('harness replay DIR', function () {
  this.timeout(180_000);
  let store: string;
  beforeEach(() => {
    store = mkdtempSync(path.join(tmpdir(), 'replay-test-'));
  });
  afterEach(() => rmSync(store, { recursive: true, force: true }));

  it('sends each slot its recorded operations again, in order, and stores the replay as a run beside the original', async () => {
    const run = await harness('test', '--target', 'noop', '--nemesis', 'none', '--time-limit', '1', '--concurrency', '3', '--seed', '9', '--store', store);
    assert.equal(run.exitCode, 0, run.stderr);
    const original = path.join(store, 'noop-register', readdirSync(path.join(store, 'noop-register'))[0]!);
    const replay = await harness('replay', original);
    assert.equal(replay.exitCode, 0, replay.stdout + replay.stderr);
    assert.match(replay.stdout, /^reproduced 1\/1$/m);
    const runs = readdirSync(path.join(store, 'noop-register')).sort();
    assert.equal(runs.length, 2);
    const replayed = path.join(store, 'noop-register', runs.find((name) => path.join(store, 'noop-register', name) !== original)!);
    // What each slot sent in the replay's main phase (its own replay.json; final reads come after it)
    // must be the recorded operations, in order: a prefix of them when the replay fell behind.
    const opsBySlot = (dir: string) => {
      const { ops } = JSON.parse(readFileSync(path.join(dir, 'replay.json'), 'utf8')) as { ops: Array<{ slot: number; f: string; value: unknown }> };
      const bySlot = new Map<number, string[]>();
      for (const op of ops) bySlot.set(op.slot, [...(bySlot.get(op.slot) ?? []), JSON.stringify([op.f, op.value])]);
      return bySlot;
    };
    const recorded = opsBySlot(original);
    const sent = opsBySlot(replayed);
    assert.ok(historyOf(replayed).some((e) => e.type === 'invoke'), 'the replay ran operations');
    for (let slot = 0; slot < 3; slot += 1) {
      const wanted = recorded.get(slot) ?? [];
      const got = sent.get(slot) ?? [];
      assert.ok(got.length > 0, `slot ${slot} sent nothing`);
      assert.ok(got.length <= wanted.length, `slot ${slot} sent more than was recorded`);
      assert.deepEqual(got, wanted.slice(0, got.length), `slot ${slot}`);
    }
  });

  it('says how often a failing run comes back invalid the same way, and exits with the replays\' verdict', async () => {
    const run = await harness('test', '--target', 'rpc', '--semantics', 'at-least-once', '--nemesis', 'drop', '--nemesis-interval', '0.5', '--time-limit', '3', '--seed', '4', '--store', store);
    assert.equal(run.exitCode, 1, run.stdout);
    assert.match(run.stdout, /^replay: harness replay \S+ --times 5/m);
    const original = path.join(store, 'rpc-at-least-once-ledger', readdirSync(path.join(store, 'rpc-at-least-once-ledger'))[0]!);
    const replay = await harness('replay', original, '--times', '2', '--parallel', '2');
    const line = /^reproduced (\d)\/2$/m.exec(replay.stdout);
    assert.ok(line !== null, replay.stdout + replay.stderr);
    assert.match(replay.stdout, /^original: INVALID \(exactly-once: duplicated/m);
    const reproduced = Number(line[1]);
    assert.equal(replay.exitCode, reproduced > 0 ? 1 : replay.exitCode);
    assert.ok([0, 1, 2].includes(replay.exitCode!));
  });

  it('refuses a folder that is no run (64) and a run without a replay record (65)', async () => {
    assert.equal((await harness('replay', store)).exitCode, 64);
    const run = await harness('test', '--target', 'noop', '--nemesis', 'none', '--time-limit', '0.3', '--seed', '1', '--store', store);
    assert.equal(run.exitCode, 0);
    const dir = path.join(store, 'noop-register', readdirSync(path.join(store, 'noop-register'))[0]!);
    rmSync(path.join(dir, 'replay.json'));
    const refused = await harness('replay', dir);
    assert.equal(refused.exitCode, 65);
    assert.match(refused.stderr, /replay\.json: no replay record/);
  });
});
