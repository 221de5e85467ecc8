import assert from 'node:assert/strict';
import { execa } from 'execa';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const harnessBin = fileURLToPath(new URL('../../../../bin/harness.js', import.meta.url));
const harness = (...args: string[]) => execa(process.execPath, [harnessBin, ...args], { reject: false, stdin: 'ignore', env: { CI: '1' } });

describe('harness shrink DIR --rerun', function () {
  this.timeout(300_000);
  let store: string;
  beforeEach(() => {
    store = mkdtempSync(path.join(tmpdir(), 'shrink-rerun-test-'));
  });
  afterEach(() => rmSync(store, { recursive: true, force: true }));

  it('prints a smaller command of the same seed that still fails when run again, within its budget', async () => {
    const run = await harness('test', '--target', 'rpc', '--semantics', 'at-least-once', '--nemesis', 'drop', '--nemesis-interval', '0.5', '--time-limit', '3', '--seed', '4', '--store', store);
    assert.equal(run.exitCode, 1, run.stdout + run.stderr);
    const dir = path.join(store, 'rpc-at-least-once-ledger', readdirSync(path.join(store, 'rpc-at-least-once-ledger'))[0]!);
    const budgetS = 30;
    const started = Date.now();
    const shrink = await harness('shrink', dir, '--rerun', '--tries', '1', '--budget', String(budgetS / 60));
    const elapsedS = (Date.now() - started) / 1000;
    assert.equal(shrink.exitCode, 1, shrink.stdout + shrink.stderr);
    // Within the budget, overrun by at most the teardown of the run it killed (and node's start).
    assert.ok(elapsedS < budgetS + 15, `took ${elapsedS} s`);
    assert.match(shrink.stdout, /^\[0:\d\d\] --time-limit 3 -> 1: run 1\/1: \S+.* in \d+\.\d s/m);
    const summary = /^smallest command that still fails: (.+); failed (\d+)\/(\d+)\n {2}(harness test .+)$/m.exec(shrink.stdout);
    assert.ok(summary !== null, shrink.stdout);
    const [, changes, failures, tries, command] = summary;
    assert.notEqual(changes, 'nothing smaller', shrink.stdout);
    assert.ok(Number(failures) >= 1 && Number(tries) >= Number(failures));
    const record = JSON.parse(readFileSync(path.join(dir, 'shrink-run.json'), 'utf8')) as { shrunk: { command: string; failures: number; tries: number }; candidates: Array<{ kept: boolean }> };
    assert.deepEqual([record.shrunk.command, record.shrunk.failures, record.shrunk.tries], [command, Number(failures), Number(tries)]);
    assert.ok(record.candidates.some((candidate) => candidate.kept));
    // The printed command, as a user would paste it, fails again (a real run fails only some of the time: up to three tries).
    assert.doesNotMatch(command!, /['"\\]/, 'plain words only, so splitting on spaces is the shell\'s split');
    const args = command!.split(' ').slice(2);
    assert.ok(args.includes('--seed') && args[args.indexOf('--seed') + 1] === '4');
    const exits: number[] = [];
    for (let attempt = 0; attempt < 3 && !exits.includes(1); attempt += 1) exits.push((await harness('test', ...args, '--store', path.join(store, 'again'))).exitCode ?? -1);
    assert.ok(exits.includes(1), `the printed command exited ${exits.join(', ')}`);
  });

  it('refuses a valid run and options of the other shrink', async () => {
    const run = await harness('test', '--target', 'noop', '--nemesis', 'none', '--time-limit', '1', '--seed', '3', '--store', store);
    assert.equal(run.exitCode, 0, run.stderr);
    const dir = path.join(store, 'latest');
    const valid = await harness('shrink', dir, '--rerun');
    assert.equal(valid.exitCode, 0, valid.stderr);
    assert.match(valid.stdout, /nothing to shrink: the run was valid/);
    const misplaced = await harness('shrink', dir, '--tries', '2');
    assert.equal(misplaced.exitCode, 64);
    assert.match(misplaced.stderr, /--tries and --budget go with --rerun/);
    const badBudget = await harness('shrink', dir, '--rerun', '--budget', '0');
    assert.equal(badBudget.exitCode, 64);
  });
});
