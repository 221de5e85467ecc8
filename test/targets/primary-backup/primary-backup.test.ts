import assert from 'node:assert/strict';
import { primaryBackupTargetDefinition } from '../../../targets/primary-backup/definition.js';
import { ClusterFixture, nodes, sleep, specFor } from '../replicated/cluster-fixture.js';
import { checkKv, describeHistory, untilOk } from '../replicated/scenario.js';

/**
 * Scripted faults against three primary-backup nodes on the local runtime (real proxies).
 * Each scenario runs in the correct mode (valid) and in
 * the mode whose bug it exposes (caught by the linearizability checker).
 */
describe('primary-backup target (3 node processes, local runtime)', function () {
  this.timeout(60_000);
  let fixture: ClusterFixture | undefined;
  afterEach(async () => {
    await fixture?.teardown();
    fixture = undefined;
  });

  async function start(mode: string): Promise<ClusterFixture> {
    fixture = new ClusterFixture(primaryBackupTargetDefinition, specFor('primary-backup', mode, 'kv'));
    await fixture.setup();
    return fixture;
  }

  /** Write 'a'; cut the primary off its backups; write 'b' on the majority side; read at the old primary. */
  async function deposedPrimaryRead(mode: string) {
    const f = await start(mode);
    const first = await f.client('n1');
    assert.equal((await f.invoke(first, { f: 'put', value: ['k', 'a'] })).type, 'ok');
    const primary = (await f.currentView()).members[0]!; // the primary right now (usually n1)
    assert.equal(await f.target.primary!(f.run), primary, 'Target.primary names it (what partition-primary hits)');
    const atPrimary = await f.client(primary);
    const elsewhere = await f.client(nodes.find((n) => n !== primary)!);
    await f.isolate(primary);
    const newView = await f.waitForViewWithout(primary); // the majority elected a new primary
    // no-fencing: the old primary still claims its older view; the newest view's primary is named.
    assert.equal(await f.target.primary!(f.run), newView.members[0], 'Target.primary names the new primary');
    await untilOk(() => f.invoke(elsewhere, { f: 'put', value: ['k', 'b'] }));
    const read = await f.invoke(atPrimary, { f: 'get', value: ['k', null] });
    return { f, read };
  }

  it('correct: a primary cut off from its backups serves no stale read; history linearizable', async () => {
    const { f, read } = await deposedPrimaryRead('correct');
    assert.notDeepEqual(read, { type: 'ok', value: ['k', 'a'] }, describeHistory(f));
    const result = checkKv(f);
    assert.equal(result.valid, true, `${result.summary}\n${describeHistory(f)}`);
  });

  it('no-fencing: the deposed primary keeps serving and returns the stale value; caught', async () => {
    const { f, read } = await deposedPrimaryRead('no-fencing');
    assert.deepEqual(read, { type: 'ok', value: ['k', 'a'] }, describeHistory(f));
    assert.equal(checkKv(f).valid, false, describeHistory(f));
  });

  /** Cut the primary off, write to it, let the majority fail over, heal, read elsewhere. */
  async function writeToIsolatedPrimary(mode: string) {
    const f = await start(mode);
    const first = await f.client('n1');
    assert.equal((await f.invoke(first, { f: 'put', value: ['k', 'a'] })).type, 'ok');
    const primary = (await f.currentView()).members[0]!; // the primary right now (usually n1)
    const atPrimary = await f.client(primary);
    await sleep(2200); // ack-before-replicate ships 'a' in the background (every 1000 ms)
    await f.isolate(primary);
    const write = await f.invoke(atPrimary, { f: 'put', value: ['k', 'x'] });
    await f.waitForViewWithout(primary);
    await f.heal();
    await sleep(1000); // the old primary hears of the newer view and steps down
    const reader = await f.client(nodes.find((n) => n !== primary)!);
    const read = await untilOk(() => f.invoke(reader, { f: 'get', value: ['k', null] }));
    return { f, write, read };
  }

  it('correct: a write to the isolated primary is acknowledged only if it survives failover; linearizable', async () => {
    const { f, write, read } = await writeToIsolatedPrimary('correct');
    // The client may carry the same request to the new primary, which then commits it.
    if (write.type === 'ok') assert.deepEqual(read.value, ['k', 'x'], describeHistory(f));
    const result = checkKv(f);
    assert.equal(result.valid, true, `${result.summary}\n${describeHistory(f)}`);
  });

  it('ack-before-replicate: the acknowledged write is lost on failover; caught', async () => {
    const { f, write, read } = await writeToIsolatedPrimary('ack-before-replicate');
    assert.equal(write.type, 'ok', describeHistory(f));
    assert.deepEqual(read.value, ['k', 'a'], describeHistory(f));
    assert.equal(checkKv(f).valid, false, describeHistory(f));
  });

  it('correct: acknowledged writes survive kill -9 of every node and a restart', async () => {
    const f = await start('correct');
    const client = await f.client('n1');
    const acknowledged: string[] = [];
    for (const v of ['a', 'b', 'c']) if ((await f.invoke(client, { f: 'append', value: ['k', v] })).type === 'ok') acknowledged.push(v);
    assert.ok(acknowledged.length > 0, describeHistory(f));
    for (const node of nodes) await f.target.kill!(f.run, node);
    for (const node of nodes) await f.target.start!(f.run, node);
    const reader = await f.client('n2');
    const read = await untilOk(() => f.invoke(reader, { f: 'get', value: ['k', null] }), 10);
    const value = (read.value as [string, string])[1];
    for (const v of acknowledged) assert.ok(value.includes(v), `${v} acknowledged but lost: ${describeHistory(f)}`);
    const result = checkKv(f);
    assert.equal(result.valid, true, `${result.summary}\n${describeHistory(f)}`);
  });
});
