import assert from 'node:assert/strict';
import { UsageError } from '../../../harness/exit-codes.js';
import type { TestSpec } from '../../../harness/spec.js';
import { rpcTargetDefinition } from '../../../targets/rpc/definition.js';
import { LedgerClient } from '../../../targets/rpc/ledger-client.js';
import { RpcTarget } from '../../../targets/rpc/rpc-target.js';

const spec = (targetOptions: Record<string, unknown>, nodes = ['n1']) => ({ nodes, targetOptions, opTimeoutMs: 1000 }) as unknown as TestSpec;

describe('targets/rpc/definition', () => {
  it('defaults to exactly-once on one node n1 with the ledger workload', () => {
    assert.deepEqual(rpcTargetDefinition.defaultNodes, ['n1']);
    assert.equal(rpcTargetDefinition.workloads[0], 'ledger');
    const target = rpcTargetDefinition.createTarget(spec({})) as RpcTarget;
    assert.ok(target instanceof RpcTarget);
    assert.equal(target.options.semantics, 'exactly-once');
    const client = rpcTargetDefinition.createClient(spec({ semantics: 'maybe', retryIntervalMs: 20 }), target, 3) as LedgerClient;
    assert.deepEqual(client.options, { semantics: 'maybe', opTimeoutMs: 1000, retryIntervalMs: 20 });
  });

  it('rejects unknown semantics, bad numbers and more than one node as usage errors', () => {
    assert.throws(() => rpcTargetDefinition.createTarget(spec({ semantics: 'twice' })), (e) => e instanceof UsageError && /semantics must be one of maybe, at-least-once/.test(e.message));
    assert.throws(() => rpcTargetDefinition.createTarget(spec({ processingMs: -1 })), (e) => e instanceof UsageError && /--processing-ms must be a number >= 0/.test(e.message));
    assert.throws(() => rpcTargetDefinition.createClient(spec({ retryIntervalMs: 0 }), {} as RpcTarget, 0), (e) => e instanceof UsageError && /--retry-interval-ms/.test(e.message));
    assert.throws(() => rpcTargetDefinition.createTarget(spec({}, ['n1', 'n2'])), (e) => e instanceof UsageError && /exactly one server node/.test(e.message));
  });
});
