import assert from 'node:assert/strict';
import { quorumTargetDefinition } from '../../../targets/quorum/definition.js';
import { ClusterFixture, specFor } from '../replicated/cluster-fixture.js';
import { checkKv, describeHistory } from '../replicated/scenario.js';

/** Scripted partition against three quorum replicas on the local runtime (real proxies). */
describe('quorum target (3 node processes, local runtime)', function () {
  this.timeout(60_000);
  let fixture: ClusterFixture | undefined;
  afterEach(async () => {
    await fixture?.teardown();
    fixture = undefined;
  });

  /** Write 'a'; cut n1 off; write 'b' through n2; read through n1. */
  async function readThroughMinority(mode: string) {
    fixture = new ClusterFixture(quorumTargetDefinition, specFor('quorum', mode, 'kv', 800));
    const f = fixture;
    await f.setup();
    const atN1 = await f.client('n1');
    const atN2 = await f.client('n2');
    assert.equal((await f.invoke(atN1, { f: 'put', value: ['k', 'a'] })).type, 'ok');
    await f.isolate('n1');
    const write = await f.invoke(atN2, { f: 'put', value: ['k', 'b'] });
    const read = await f.invoke(atN1, { f: 'get', value: ['k', null] });
    return { f, write, read };
  }

  it('correct: the majority side writes; a read through the cut-off node never returns the old value', async () => {
    const { f, write, read } = await readThroughMinority('correct');
    assert.equal(write.type, 'ok', describeHistory(f));
    // n1 has no read quorum; the client may move the read to another coordinator, which sees 'b'.
    assert.notDeepEqual(read, { type: 'ok', value: ['k', 'a'] }, describeHistory(f));
    await f.heal();
    const atN1 = await f.client('n1');
    assert.deepEqual(await f.invoke(atN1, { f: 'get', value: ['k', null] }), { type: 'ok', value: ['k', 'b'] });
    const result = checkKv(f);
    assert.equal(result.valid, true, `${result.summary}\n${describeHistory(f)}`);
  });

  it('r1w1: one replica answers alone, so the minority side reads the stale value; caught', async () => {
    const { f, write, read } = await readThroughMinority('r1w1');
    assert.equal(write.type, 'ok', describeHistory(f));
    assert.deepEqual(read, { type: 'ok', value: ['k', 'a'] }, describeHistory(f));
    assert.equal(checkKv(f).valid, false, describeHistory(f));
  });

  it('refuses cas and append with a definite fail (not linearizable on plain quorums)', async () => {
    fixture = new ClusterFixture(quorumTargetDefinition, specFor('quorum', 'correct', 'kv', 800));
    await fixture.setup();
    const client = await fixture.client('n1');
    const append = await fixture.invoke(client, { f: 'append', value: ['k', 'x'] });
    assert.deepEqual([append.type, append.error], ['fail', 'unsupported-on-quorum']);
    assert.deepEqual((await fixture.invoke(client, { f: 'get', value: ['k', null] })).value, ['k', '']);
  });
});
