import assert from 'node:assert/strict';
import { checkers } from '../../../checkers/registry.js';
import { modelNames } from '../../../checkers/models/registry.js';
import { faultPackages } from '../../../nemesis/registry.js';
import { runtimes } from '../../../harness/runtime/registry.js';
import { targets } from '../../../targets/registry.js';
import { workloads } from '../../../workloads/registry.js';
import { harness } from '../run-cli.js';

describe('harness list', () => {
  it('prints every registry entry, target options and the faults each target takes where', async () => {
    const { code, stdout } = await harness(['list']);
    assert.equal(code, 0);
    for (const name of [...Object.keys(targets), ...Object.keys(workloads), ...Object.keys(faultPackages), ...Object.keys(checkers), ...Object.keys(runtimes), ...modelNames]) {
      assert.match(stdout, new RegExp(`\\b${name}\\b`), name);
    }
    assert.match(stdout, /--node-command: shell command/);
    const etcd = stdout.slice(stdout.indexOf('  etcd:'), stdout.indexOf('\n  ', stdout.indexOf('    faults:', stdout.indexOf('  etcd:'))));
    assert.match(etcd, /partition \(netns(, \w+)*\)/, 'etcd: network faults not on local (one set of peer URLs)');
    assert.doesNotMatch(etcd, /partition \([^)]*local/, 'etcd: no partition on local');
    const command = stdout.slice(stdout.indexOf('  command:'));
    assert.match(command, /faults: partition \(local, netns/, 'the command target: partitions on local too (TCP proxies)');
    const txnStore = stdout.slice(stdout.indexOf('  txn-store:'), stdout.indexOf('\n', stdout.indexOf('    faults:', stdout.indexOf('  txn-store:'))));
    assert.match(txnStore, /faults: partition \(local, .*crash \(local, .*pause \(local/);
    assert.doesNotMatch(txnStore, /-primary/, 'no primary to aim at');
  });
});
