import assert from 'node:assert/strict';
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { executionLogFileName, parseLogRecords, type ExecutionRecord } from '../../../targets/rpc/execution-record.js';
import type { CallRequest, LedgerOp, ReadReply, Reply, Semantics } from '../../../targets/rpc/protocol.js';
import { UdpCaller } from '../../../targets/rpc/udp-caller.js';
import { LedgerServerProcess } from './ledger-server-process.js';

const call = (clientId: string, seq: number, ack: number, op: LedgerOp): CallRequest => ({ t: 'call', clientId, seq, ack, op });
const deposit = (account: string, amount: number): LedgerOp => ({ f: 'deposit', account, amount });

describe('ledger server (spawned directly, UDP on 127.0.0.1)', function () {
  this.timeout(60_000);
  const servers: LedgerServerProcess[] = [];
  const callers: UdpCaller[] = [];

  async function server(semantics: Semantics, processingMs = 0): Promise<LedgerServerProcess> {
    const created = await LedgerServerProcess.create(semantics, processingMs);
    servers.push(created);
    return created;
  }
  async function callerFor(target: LedgerServerProcess): Promise<UdpCaller> {
    const caller = new UdpCaller(target.address);
    await caller.open();
    callers.push(caller);
    return caller;
  }
  async function read(target: LedgerServerProcess, caller: UdpCaller): Promise<ReadReply> {
    const reply = await target.send(caller, { t: 'read', nonce: target.nextNonce(), offset: 0 });
    assert.equal(reply?.t, 'read-reply');
    return reply as ReadReply;
  }
  function executions(target: LedgerServerProcess): ExecutionRecord[] {
    const text = readFileSync(join(target.dataDir, executionLogFileName), 'utf8');
    return parseLogRecords(text).records.filter((r): r is ExecutionRecord => r.kind === 'exec');
  }
  const resultOf = (reply: Reply | undefined) => (reply?.t === 'reply' ? reply.result : reply);

  afterEach(async () => {
    for (const caller of callers.splice(0)) caller.close();
    for (const target of servers.splice(0)) await target.dispose();
  });

  it('fails an overdraft definitively and changes nothing', async () => {
    const target = await server('exactly-once');
    const caller = await callerFor(target);
    assert.deepEqual(resultOf(await target.send(caller, call('c', 0, -1, { f: 'withdraw', account: 'a', amount: 5 }))), { ok: false, error: 'insufficient-funds' });
    assert.deepEqual(resultOf(await target.send(caller, call('c', 1, 0, deposit('a', 3)))), { ok: true });
    assert.deepEqual(resultOf(await target.send(caller, call('c', 2, 1, { f: 'transfer', from: 'a', to: 'b', amount: 4 }))), { ok: false, error: 'insufficient-funds' });
    assert.deepEqual(resultOf(await target.send(caller, call('c', 3, 2, { f: 'transfer', from: 'a', to: 'b', amount: 2 }))), { ok: true });
    const state = await read(target, caller);
    assert.deepEqual(state.balances, { a: 1, b: 2 });
    assert.deepEqual(state.applied, ['c:1', 'c:3']);
  });

  it('at-least-once runs a duplicate again', async () => {
    const target = await server('at-least-once');
    const caller = await callerFor(target);
    await target.send(caller, call('c', 0, -1, deposit('a', 7)));
    await target.send(caller, call('c', 0, -1, deposit('a', 7)));
    const state = await read(target, caller);
    assert.deepEqual(state.applied, ['c:0', 'c:0']);
    assert.deepEqual(state.balances, { a: 14 });
    assert.equal(executions(target).length, 2);
  });

  for (const semantics of ['at-most-once', 'exactly-once'] as const) {
    it(`${semantics} answers a duplicate from its table without running it`, async () => {
      const target = await server(semantics);
      const caller = await callerFor(target);
      await target.send(caller, call('c', 0, -1, { f: 'withdraw', account: 'a', amount: 1 }));
      await target.send(caller, call('c', 1, 0, deposit('a', 7)));
      // The duplicate of seq 1 gets the stored reply; seq 0 was acknowledged and is ignored.
      assert.deepEqual(resultOf(await target.send(caller, call('c', 1, 0, deposit('a', 7)))), { ok: true });
      assert.equal(await target.send(caller, call('c', 0, -1, { f: 'withdraw', account: 'a', amount: 1 }), 300), undefined);
      const state = await read(target, caller);
      assert.deepEqual(state.applied, ['c:1']);
      assert.deepEqual(state.balances, { a: 7 });
      assert.deepEqual(executions(target).map((e) => e.id), ['c:0', 'c:1']);
    });
  }

  it('at-most-once holds a duplicate that arrives while the original runs (pending), at-least-once runs both', async () => {
    for (const [semantics, expectedRuns] of [['at-most-once', 1], ['at-least-once', 2]] as const) {
      const target = await server(semantics, 300);
      const first = await callerFor(target);
      const second = await callerFor(target);
      const request = call('c', 0, -1, deposit('a', 5));
      const replies = await Promise.all([target.send(first, request), new Promise((r) => setTimeout(r, 50)).then(() => target.send(second, request))]);
      assert.deepEqual(replies.map(resultOf), [{ ok: true }, { ok: true }], semantics);
      assert.equal(executions(target).length, expectedRuns, semantics);
      assert.deepEqual((await read(target, first)).balances, { a: 5 * expectedRuns }, semantics);
    }
  });

  it('exactly-once neither forgets nor re-executes across kill -9 and restart', async () => {
    const target = await server('exactly-once');
    const caller = await callerFor(target);
    await target.send(caller, call('c', 0, -1, deposit('a', 10)));
    await target.send(caller, call('c', 1, 0, { f: 'transfer', from: 'a', to: 'b', amount: 4 }));
    await target.send(caller, call('d', 0, -1, deposit('b', 1)));
    const before = await read(target, caller);
    await target.kill();
    await target.start();
    const after = await read(target, caller);
    assert.deepEqual(after.balances, before.balances);
    assert.deepEqual(after.applied, before.applied);
    assert.equal(after.incarnation, before.incarnation + 1);
    // The client never saw the replies of c:1 and d:0 acknowledged: their retries get the stored replies.
    assert.deepEqual(resultOf(await target.send(caller, call('c', 1, 0, { f: 'transfer', from: 'a', to: 'b', amount: 4 }))), { ok: true });
    assert.deepEqual(resultOf(await target.send(caller, call('d', 0, -1, deposit('b', 1)))), { ok: true });
    // c:0 was acknowledged before the crash (ack 0 in c:1): a late duplicate is ignored.
    assert.equal(await target.send(caller, call('c', 0, -1, deposit('a', 10)), 300), undefined);
    assert.deepEqual((await read(target, caller)).balances, { a: 6, b: 5 });
    assert.deepEqual(executions(target).map((e) => e.id), ['c:0', 'c:1', 'd:0']);
  });

  it('at-most-once forgets its table on kill -9: the retried request runs again', async () => {
    const target = await server('at-most-once');
    const caller = await callerFor(target);
    await target.send(caller, call('c', 0, -1, deposit('a', 10)));
    await target.kill();
    await target.start();
    await target.send(caller, call('c', 0, -1, deposit('a', 10)));
    const runs = executions(target).filter((e) => e.id === 'c:0');
    assert.deepEqual(runs.map((e) => e.incarnation), [1, 2]);
    // Balances lived in memory too: the restarted server only knows the second run.
    assert.deepEqual((await read(target, caller)).applied, ['c:0']);
  });

  /** Sends a call, waits until the server has executed it (its log says so), then kill -9 before the reply leaves. */
  async function crashAfterExecuteBeforeReply(target: LedgerServerProcess, caller: UdpCaller, request: CallRequest): Promise<void> {
    const pending = target.send(caller, request, 30_000);
    const deadline = Date.now() + 20_000;
    while (!executions(target).some((e) => e.id === `${request.clientId}:${request.seq}`)) {
      assert.ok(Date.now() < deadline, 'the server never executed the call');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await target.kill();
    caller.close(); // ends the pending call unanswered
    assert.equal(await pending, undefined, 'the reply must not have left before the crash');
  }

  for (const [semantics, runs] of [['at-most-once', 2], ['exactly-once', 1]] as const) {
    it(`${semantics}: a crash after executing but before replying, then the retry: ${runs === 2 ? 'runs twice' : 'runs once'}`, async () => {
      const target = await server(semantics, 4000); // takes effect after 2 s, replies after 4 s: room for a slow kill
      const request = call('c', 0, -1, deposit('a', 4));
      await crashAfterExecuteBeforeReply(target, await callerFor(target), request);
      await target.start();
      const retry = await callerFor(target);
      assert.deepEqual(resultOf(await target.send(retry, request, 30_000)), { ok: true });
      assert.deepEqual(executions(target).map((e) => [e.id, e.incarnation]), runs === 2 ? [['c:0', 1], ['c:0', 2]] : [['c:0', 1]]);
    });
  }

  it('exactly-once cuts a torn last log line on restart and keeps going', async () => {
    const target = await server('exactly-once');
    const caller = await callerFor(target);
    await target.send(caller, call('c', 0, -1, deposit('a', 2)));
    await target.kill();
    appendFileSync(join(target.dataDir, executionLogFileName), '{"kind":"exec","id":"c:1","cli');
    await target.start();
    await target.send(caller, call('c', 1, 0, deposit('a', 3)));
    const text = readFileSync(join(target.dataDir, executionLogFileName), 'utf8');
    assert.equal(parseLogRecords(text).tornTail, false);
    assert.deepEqual(executions(target).map((e) => e.id), ['c:0', 'c:1']);
    assert.deepEqual((await read(target, caller)).balances, { a: 5 });
  });

  it('pages the applied list of a long read', async () => {
    const target = await server('at-least-once');
    const caller = await callerFor(target);
    const count = 1234;
    for (let batch = 0; batch < count; batch += 100) {
      await Promise.all(
        Array.from({ length: Math.min(100, count - batch) }, (_, i) => target.send(caller, call(`c${batch + i}`, 0, -1, deposit('a', 1)))),
      );
    }
    const first = await read(target, caller);
    assert.equal(first.total, count);
    assert.equal(first.applied.length, 1000);
    const rest = await target.send(caller, { t: 'read', nonce: target.nextNonce(), offset: 1000 });
    assert.equal(rest?.t === 'read-reply' ? rest.applied.length : -1, count - 1000);
    assert.deepEqual(first.balances, { a: count });
  });
});
