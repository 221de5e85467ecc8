import assert from 'node:assert/strict';
import { checkers } from '../../checkers/registry.js';
import { UsageError } from '../../harness/exit-codes.js';
import { checkOpCompatibility } from '../../harness/op-compatibility.js';
import { targets } from '../../targets/registry.js';
import { seededRng } from '../../harness/seeded-rng.js';
import type { TestSpec } from '../../harness/spec.js';
import { workloadByName, workloads } from '../../workloads/registry.js';

function refusal(target: string, workload: string, checkerNames?: string[]): string {
  const workloadEntry = workloadByName(workload);
  try {
    checkOpCompatibility(targets[target]!, workloadEntry, checkerNames ?? workloadEntry.checkers, checkers);
  } catch (error) {
    assert.ok(error instanceof UsageError, `a usage error, got ${String(error)}`);
    return error.message;
  }
  assert.fail(`--target ${target} --workload ${workload} --checkers ${checkerNames?.join(',') ?? 'default'} was accepted`);
}

describe('operations a workload sends, a target serves, a checker judges (harness/op-compatibility.ts)', () => {
  it('accepts every workload a target lists, with that workload\'s default checkers and perf', () => {
    for (const target of Object.values(targets)) {
      assert.ok(target.ops.length > 0, `${target.name} declares what it serves`);
      for (const name of target.workloads) {
        const workload = workloadByName(name);
        assert.doesNotThrow(() => checkOpCompatibility(target, workload, [...workload.checkers, 'perf'], checkers), `${target.name} / ${name}`);
      }
    }
  });

  it('refuses etcd with kv, naming what each side sends and serves', () => {
    const message = refusal('etcd', 'kv');
    assert.match(message, /workload 'kv' sends get\/put\/append/);
    assert.match(message, /target 'etcd' serves read\/write\/cas/);
    assert.match(message, /its workloads: register/);
  });

  it('refuses the other pairings that cannot work: rpc with register, redis with kv, noop with ledger', () => {
    assert.match(refusal('rpc', 'register'), /target 'rpc' serves deposit\/withdraw\/transfer\/read \(not write\/cas\)/);
    assert.match(refusal('redis', 'kv'), /not get\/put\/append\)/);
    assert.match(refusal('noop', 'ledger'), /not deposit\/withdraw\/transfer/);
  });

  it('refuses a checker that cannot judge what the workload sends, and names the ones that can', () => {
    const linearizableOnLedger = refusal('rpc', 'ledger', ['linearizable']);
    assert.match(linearizableOnLedger, /checker 'linearizable' judges read\/write\/cas/);
    assert.match(linearizableOnLedger, /not judged: deposit\/withdraw\/transfer/);
    const fitting = /checkers for 'ledger': (.*)$/.exec(linearizableOnLedger)?.[1]?.split(', ') ?? [];
    assert.ok(fitting.includes('exactly-once') && fitting.includes('perf') && !fitting.includes('linearizable'), `names the ones that can: ${fitting.join(', ')}`);
    assert.match(refusal('primary-backup', 'kv', ['linearizable']), /not judged: get\/put\/append/);
    assert.match(refusal('primary-backup', 'register', ['linearizable-kv']), /not judged: read\/write\/cas/);
    assert.match(refusal('noop', 'register', ['exactly-once']), /not judged: write\/cas/);
  });

  it('lets a workload do without an optional operation the target does not serve, and then never sends it', () => {
    const quorum = targets.quorum!;
    assert.ok(!quorum.ops.includes('cas') && !quorum.ops.includes('append'));
    for (const workload of Object.values(workloads)) {
      if (!quorum.workloads.includes(workload.name)) continue;
      const rng = seededRng(3, 'slot');
      const served = new Set(quorum.ops);
      const sent = new Set(Array.from({ length: 400 }, (_, i) => workload.nextOp({ target: 'quorum' } as TestSpec, rng, 0, i, served).f));
      assert.deepEqual([...sent].filter((f) => !served.has(f)), [], `${workload.name} on quorum`);
      assert.ok(sent.size >= 2, `${workload.name} still mixes reads and writes`);
    }
  });
});
