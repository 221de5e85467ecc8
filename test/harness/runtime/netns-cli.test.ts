/**
 * End to end through the CLI (root + etcd; skipped with the reason otherwise): after a
 * `harness test` run on the netns runtime, and after one killed with SIGKILL followed by
 * `harness cleanup --store DIR`, no namespace, link, route, iptables rule or process remains.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { findOnPath, netnsUnavailableReason } from '../../../harness/runtime/netns/availability.js';
import { findRunRecords, leftoversOf } from '../../../harness/runtime/netns/cleanup.js';
import { readRunRecord } from '../../../harness/runtime/netns/run-record.js';

const harnessBin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../bin/harness.js');
const nothingLeft = { namespaces: [], links: [], pids: [], routes: [] };
const rootFirewall = (): string => execFileSync('iptables-save', { encoding: 'utf8' }).replace(/^#.*$/gm, '');

describe('harness test --runtime netns, then harness cleanup (CLI)', function () {
  this.timeout(180_000);
  const unavailable = netnsUnavailableReason() ?? (findOnPath('etcd') === undefined ? 'etcd is not installed (apt-get install etcd-server)' : undefined);
  const stores: string[] = [];
  before(function () {
    if (unavailable !== undefined) {
      console.log(`      skipped: ${unavailable}`);
      this.skip();
    }
  });
  after(() => {
    for (const store of stores) {
      execFileSync(process.execPath, [harnessBin, 'cleanup', '--store', store], { timeout: 60_000 });
      rmSync(store, { recursive: true, force: true });
    }
  });
  const newStore = (): string => {
    const store = mkdtempSync(path.join(os.tmpdir(), 'netns-cli-'));
    stores.push(store);
    return store;
  };
  const testArgs = (store: string, timeLimitS: number) => [harnessBin, 'test', '--target', 'etcd', '--runtime', 'netns', '--nemesis', 'partition', '--nemesis-interval', '1', '--time-limit', String(timeLimitS), '--seed', '1', '--store', store];

  it('a finished run leaves nothing behind', async () => {
    const firewallBefore = rootFirewall();
    const store = newStore();
    const result = spawn(process.execPath, testArgs(store, 2), { stdio: 'ignore' });
    const exitCode = await new Promise<number | null>((resolve) => result.once('exit', resolve));
    assert.ok(exitCode === 0 || exitCode === 1 || exitCode === 2, `harness test exited ${exitCode}`);
    const [file] = await findRunRecords(store);
    assert.ok(file !== undefined, 'the run recorded netns.json');
    const record = await readRunRecord(file);
    assert.equal(record.state, 'removed');
    assert.equal(record.pids.length, 3, 'three etcd members were spawned');
    assert.deepEqual(await leftoversOf(record.layout, record.pids), nothingLeft);
    assert.equal(rootFirewall(), firewallBefore, 'host firewall untouched');
  });

  it('a run killed with SIGKILL leaves its namespaces and servers; harness cleanup removes them', async () => {
    const store = newStore();
    const child = spawn(process.execPath, testArgs(store, 60), { stdio: 'ignore' });
    try {
      // Wait until the members are up and faults are being injected.
      const deadline = Date.now() + 90_000;
      let log = '';
      while (Date.now() < deadline && !log.includes('start-partition')) {
        await sleep(200);
        const [record] = await findRunRecords(store);
        const history = record === undefined ? undefined : path.join(path.dirname(record), 'history.jsonl');
        log = history !== undefined && existsSync(history) ? readFileSync(history, 'utf8') : '';
      }
      assert.ok(log.includes('start-partition'), 'the run got as far as a partition');
    } finally {
      child.kill('SIGKILL');
    }
    await new Promise((resolve) => child.once('exit', resolve));
    const [file] = await findRunRecords(store);
    const record = await readRunRecord(file!);
    assert.equal(record.state, 'active');
    const left = await leftoversOf(record.layout, record.pids);
    assert.equal(left.namespaces.length, 4, 'namespaces left by the killed run');
    assert.equal(left.pids.length, 3, 'etcd members left running');
    assert.equal(left.links.length, 1, 'the client link left in the root namespace');

    const output = execFileSync(process.execPath, [harnessBin, 'cleanup', '--store', store], { encoding: 'utf8', timeout: 60_000 });
    assert.match(output, /killed pids/);
    assert.deepEqual(await leftoversOf(record.layout, record.pids), nothingLeft);
    assert.equal((await readRunRecord(file!)).state, 'removed');
  });
});
