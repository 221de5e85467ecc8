import assert from 'node:assert/strict';
import { chainTargetDefinition } from '../../../targets/chain/definition.js';
import { ClusterFixture, specFor } from '../replicated/cluster-fixture.js';
import { checkKv, describeHistory, untilOk } from '../replicated/scenario.js';

/**
 * Scripted faults against a chain of three nodes on the local runtime (real proxies): the
 * tail is cut off, the head repairs the chain without it, a write commits there, and a
 * client bound to the old tail reads.
 */
describe('chain target (3 node processes, local runtime)', function () {
  this.timeout(60_000);
  let fixture: ClusterFixture | undefined;
  afterEach(async () => {
    await fixture?.teardown();
    fixture = undefined;
  });

  async function cutTailThenRead(mode: string) {
    fixture = new ClusterFixture(chainTargetDefinition, specFor('chain', mode, 'kv'));
    const f = fixture;
    await f.setup();
    const writer = await f.client('n1');
    assert.equal((await f.invoke(writer, { f: 'put', value: ['k', 'a'] })).type, 'ok');
    const view = await f.currentView();
    assert.equal(view.members.length, 3, JSON.stringify(view));
    const tail = view.members[2]!;
    const reader = await f.client(tail);
    assert.deepEqual((await f.invoke(reader, { f: 'get', value: ['k', null] })).value, ['k', 'a']);
    await f.isolate(tail);
    await f.waitForViewWithout(tail); // the head dropped the silent tail: a chain of two
    await untilOk(() => f.invoke(writer, { f: 'put', value: ['k', 'b'] }));
    const read = await f.invoke(reader, { f: 'get', value: ['k', null] });
    return { f, read };
  }

  it('correct: reads go to the current tail; the cut-off old tail serves nothing stale; linearizable', async () => {
    const { f, read } = await cutTailThenRead('correct');
    assert.deepEqual(read, { type: 'ok', value: ['k', 'b'] }, describeHistory(f));
    const result = checkKv(f);
    assert.equal(result.valid, true, `${result.summary}\n${describeHistory(f)}`);
  });

  it('read-from-any: the cut-off node answers with the stale value; caught', async () => {
    const { f, read } = await cutTailThenRead('read-from-any');
    assert.deepEqual(read, { type: 'ok', value: ['k', 'a'] }, describeHistory(f));
    assert.equal(checkKv(f).valid, false, describeHistory(f));
  });
});
