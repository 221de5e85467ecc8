/**
 * End to end through the CLI on sshd hosts in network namespaces the test creates (root +
 * openssh-server; skipped with the reason otherwise): a `harness test --runtime ssh` run, and
 * one killed with SIGKILL followed by `harness cleanup`, leave no node process, fault chain or
 * remote folder on the hosts; stopping the hosts leaves no sshd and no namespace.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { existingNamespaces, isRunning } from '../../../harness/runtime/netns/topology.js';
import { findRunRecords } from '../../../harness/runtime/netns/cleanup.js';
import { namespaceHostsUnavailableReason, startNamespaceHosts, type NamespaceHosts } from '../../../harness/runtime/ssh/namespace-hosts.js';
import { readSshRecord, sshRecordFileName } from '../../../harness/runtime/ssh/run-record.js';

const harnessBin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../bin/harness.js');

/** Pids whose environment carries HX_RUN=<prefix> (the hosts share this machine's pid space). */
function runProcesses(prefix: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/environ`, 'latin1').split('\0').includes(`HX_RUN=${prefix}`)) pids.push(Number(entry));
    } catch {
      // Gone, or not ours to read.
    }
  }
  return pids;
}

describe('harness test --runtime ssh on sshd hosts in namespaces, then harness cleanup (CLI)', function () {
  this.timeout(180_000);
  let hosts: NamespaceHosts | undefined;
  const stores: string[] = [];
  before(async function () {
    const unavailable = namespaceHostsUnavailableReason();
    if (unavailable !== undefined) {
      console.log(`      skipped: ${unavailable}`);
      this.skip();
    }
    hosts = await startNamespaceHosts(['n1', 'n2', 'n3']);
  });
  after(async () => {
    for (const store of stores) {
      execFileSync(process.execPath, [harnessBin, 'cleanup', '--store', store], { timeout: 60_000 });
      rmSync(store, { recursive: true, force: true });
    }
    if (hosts === undefined) return;
    await hosts.stop();
    for (const pid of hosts.sshdPids) assert.equal(await isRunning(pid), false, `sshd ${pid} stopped`);
    const namespaces = await existingNamespaces();
    assert.deepEqual(hosts.layout.nodes.map((n) => n.namespace).filter((n) => namespaces.has(n)), [], 'host namespaces removed');
  });
  const newStore = (): string => {
    const store = mkdtempSync(path.join(os.tmpdir(), 'ssh-cli-'));
    stores.push(store);
    return store;
  };
  const testArgs = (store: string, timeLimitS: number, mode = 'correct') => [
    harnessBin, 'test', '--target', 'primary-backup', '--mode', mode, '--runtime', 'ssh', '--hosts', hosts!.hosts, '--ssh-key', hosts!.keyFile,
    '--nemesis', 'partition,crash', '--nemesis-interval', '1', '--time-limit', String(timeLimitS), '--seed', '1', '--store', store,
  ];
  const hostChains = (): string =>
    hosts!.layout.nodes.map((n) => execFileSync('ip', ['netns', 'exec', n.namespace, 'iptables-save'], { encoding: 'utf8' })).join('\n');
  const recordOf = async (store: string) => {
    const [file] = await findRunRecords(store, 4, sshRecordFileName);
    assert.ok(file !== undefined, 'the run recorded ssh.json');
    return { file, dir: path.dirname(file), record: await readSshRecord(file) };
  };

  it('a finished run is valid, collects its node logs and leaves nothing on the hosts', async () => {
    const store = newStore();
    const child = spawn(process.execPath, testArgs(store, 3), { stdio: 'ignore' });
    const exitCode = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    assert.equal(exitCode, 0, 'correct primary-backup is valid on ssh hosts');
    const { dir, record } = await recordOf(store);
    assert.equal(record.state, 'removed');
    assert.match(readFileSync(path.join(dir, 'nodes', 'n2', 'node.log'), 'utf8'), /listening on 10\.231\./, 'node log collected back');
    assert.deepEqual(runProcesses(record.prefix), []);
    assert.doesNotMatch(hostChains(), /HX-FAULTS/);
    assert.equal(existsSync(record.remoteDir), false, 'remote folder removed');
  });

  it("the command target: a node command whose shell stays the server's parent is crashed and paused whole", async () => {
    const store = newStore();
    const fixture = fileURLToPath(new URL('../../targets/command/http-kv-fixture-server.js', import.meta.url));
    // `; echo` keeps sh from exec'ing the server: a kill of the shell alone would leave the server
    // holding its port, and the restart would fail.
    const nodeCommand = `sh -c '"$0" "$@"; echo server ended' ${process.execPath} ${fixture} --listen {host}:{port} --data {dataDir} --mode ok`;
    const child = spawn(process.execPath, [
      harnessBin, 'test', '--target', 'command', '--node-command', nodeCommand, '--nodes', 'n1', '--runtime', 'ssh', '--hosts', hosts!.hosts, '--ssh-key', hosts!.keyFile,
      '--nemesis', 'crash,pause', '--nemesis-interval', '0.5', '--time-limit', '3', '--seed', '3', '--ready-timeout-ms', '5000', '--store', store,
    ], { stdio: 'ignore' });
    const exitCode = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    assert.equal(exitCode, 0, 'valid, every restart got its port');
    const { dir, record } = await recordOf(store);
    const results = JSON.parse(readFileSync(path.join(dir, 'results.json'), 'utf8')) as { counts: { ok: number } };
    assert.ok(results.counts.ok > 10, `operations went through: ${JSON.stringify(results.counts)}`);
    assert.match(readFileSync(path.join(dir, 'history.jsonl'), 'utf8'), /"f":"start-crash"/, 'a crash happened');
    assert.deepEqual(runProcesses(record.prefix), []);
  });

  it('a run killed with SIGKILL leaves node processes and rules; harness cleanup removes them', async () => {
    const store = newStore();
    const child = spawn(process.execPath, testArgs(store, 60), { stdio: 'ignore' });
    try {
      const deadline = Date.now() + 60_000;
      let history = '';
      while (Date.now() < deadline && !history.includes('start-partition')) {
        await sleep(200);
        const [file] = await findRunRecords(store, 4, sshRecordFileName);
        const historyFile = file === undefined ? undefined : path.join(path.dirname(file), 'history.jsonl');
        history = historyFile !== undefined && existsSync(historyFile) ? readFileSync(historyFile, 'utf8') : '';
      }
      assert.ok(history.includes('start-partition'), 'the run got as far as a partition');
    } finally {
      child.kill('SIGKILL');
    }
    await new Promise((resolve) => child.once('exit', resolve));
    const { file, record } = await recordOf(store);
    assert.ok(runProcesses(record.prefix).length >= 2, 'node processes left running');
    assert.match(hostChains(), /HX-FAULTS/, 'fault chains left on the hosts');

    const output = execFileSync(process.execPath, [harnessBin, 'cleanup', '--store', store], { encoding: 'utf8', timeout: 60_000 });
    assert.match(output, /killed n\d:\d+/);
    await sleep(200);
    assert.deepEqual(runProcesses(record.prefix), []);
    assert.doesNotMatch(hostChains(), /HX-FAULTS/);
    assert.equal((await readSshRecord(file)).state, 'removed');
  });
});
