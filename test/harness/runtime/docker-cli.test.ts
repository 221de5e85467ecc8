/**
 * End to end through the CLI (root + a Docker engine; skipped with the reason otherwise):
 * after a `harness test --runtime docker` run, and after one killed with SIGKILL followed by
 * `harness cleanup --store DIR`, no container, network, bridge, node process or host firewall
 * rule of the run remains.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { dockerLeftoversOf } from '../../../harness/runtime/docker/cleanup.js';
import { connectEngine, dockerUnavailableReason } from '../../../harness/runtime/docker/engine.js';
import { dockerRecordFileName, readDockerRecord } from '../../../harness/runtime/docker/run-record.js';
import { findRunRecords } from '../../../harness/runtime/netns/cleanup.js';
import { isRunning } from '../../../harness/runtime/netns/topology.js';

const harnessBin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../bin/harness.js');
const rootFirewall = (): string => execFileSync('iptables-save', { encoding: 'utf8' }).replace(/^#.*$/gm, '');
const spawnedPids = (runDir: string): number[] =>
  readFileSync(path.join(runDir, 'harness.log'), 'utf8')
    .split('\n')
    .filter((line) => line.includes('"message":"spawned"'))
    .map((line) => Number(JSON.parse(line).pid));

describe('harness test --runtime docker, then harness cleanup (CLI)', function () {
  this.timeout(240_000);
  const docker = connectEngine();
  const stores: string[] = [];
  before(async function () {
    const unavailable = await dockerUnavailableReason(docker);
    if (unavailable !== undefined) {
      console.log(`      skipped: ${unavailable}`);
      this.skip();
    }
  });
  after(() => {
    for (const store of stores) {
      execFileSync(process.execPath, [harnessBin, 'cleanup', '--store', store], { timeout: 120_000 });
      rmSync(store, { recursive: true, force: true });
    }
  });
  const newStore = (): string => {
    const store = mkdtempSync(path.join(os.tmpdir(), 'docker-cli-'));
    stores.push(store);
    return store;
  };
  const testArgs = (store: string, timeLimitS: number) => [harnessBin, 'test', '--target', 'primary-backup', '--runtime', 'docker', '--nemesis', 'partition,crash', '--nemesis-interval', '1', '--time-limit', String(timeLimitS), '--seed', '1', '--store', store];
  const recordOf = async (store: string) => {
    const [file] = await findRunRecords(store, 4, dockerRecordFileName);
    assert.ok(file !== undefined, 'the run recorded docker.json');
    return { file, dir: path.dirname(file), record: await readDockerRecord(file) };
  };
  const assertNothingLeft = async (dir: string, prefix: string): Promise<void> => {
    assert.deepEqual(await dockerLeftoversOf(docker, prefix), { containers: [], networks: [] });
    const alive: number[] = [];
    for (const pid of spawnedPids(dir)) if (await isRunning(pid)) alive.push(pid);
    assert.deepEqual(alive, [], 'no node process left');
    const links = execFileSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8' });
    assert.ok(!links.includes(`${prefix}-br`), 'the run bridge is gone');
  };

  it('a finished run leaves nothing behind, and the host firewall as it was', async () => {
    const firewallBefore = rootFirewall();
    const store = newStore();
    const child = spawn(process.execPath, testArgs(store, 3), { stdio: 'ignore' });
    const exitCode = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    assert.equal(exitCode, 0, 'correct primary-backup is valid on docker');
    const { dir, record } = await recordOf(store);
    assert.equal(record.state, 'removed');
    assert.equal(record.containers.length, 3);
    assert.ok(spawnedPids(dir).length > 3, 'crash restarted a node at least once');
    assert.match(readFileSync(path.join(dir, 'nodes', 'n1', 'node.log'), 'utf8'), /listening on 10\.232\./, 'node logs land in the store');
    await assertNothingLeft(dir, record.prefix);
    assert.equal(rootFirewall(), firewallBefore, 'host firewall untouched');
  });

  it('a run killed with SIGKILL leaves its containers; harness cleanup removes them', async () => {
    const store = newStore();
    const child = spawn(process.execPath, testArgs(store, 60), { stdio: 'ignore' });
    try {
      const deadline = Date.now() + 120_000;
      let history = '';
      while (Date.now() < deadline && !history.includes('start-partition')) {
        await sleep(250);
        const [file] = await findRunRecords(store, 4, dockerRecordFileName);
        const historyFile = file === undefined ? undefined : path.join(path.dirname(file), 'history.jsonl');
        history = historyFile !== undefined && existsSync(historyFile) ? readFileSync(historyFile, 'utf8') : '';
      }
      assert.ok(history.includes('start-partition'), 'the run got as far as a partition');
    } finally {
      child.kill('SIGKILL');
    }
    await new Promise((resolve) => child.once('exit', resolve));
    const { file, dir, record } = await recordOf(store);
    assert.equal(record.state, 'active');
    assert.equal((await dockerLeftoversOf(docker, record.prefix)).containers.length, 3, 'containers left by the killed run');

    const output = execFileSync(process.execPath, [harnessBin, 'cleanup', '--store', store], { encoding: 'utf8', timeout: 120_000 });
    assert.match(output, /removed containers/);
    await assertNothingLeft(dir, record.prefix);
    assert.equal((await readDockerRecord(file)).state, 'removed');
  });
});
