import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { EventType, HistoryEvent } from '../../harness/event.js';
import { checkExactlyOnce, type Execution } from '../../checkers/exactly-once.js';

/** Builds a history event by event, with dense indexes and increasing times. */
class HistoryBuilder {
  readonly events: HistoryEvent[] = [];
  add(process: number | string, type: EventType, f: string, value: unknown, error?: string): this {
    const event: HistoryEvent = { index: this.events.length, timeNs: this.events.length * 1000, process, type, f, value };
    if (error !== undefined) event.error = error;
    this.events.push(event);
    return this;
  }
  /** invoke + completion of one ledger write. */
  op(process: number, f: string, value: Record<string, unknown>, type: 'ok' | 'fail' | 'info' | 'none', error?: string): this {
    this.add(process, 'invoke', f, value);
    if (type !== 'none') this.add(process, type, f, value, error);
    return this;
  }
  read(process: number, balances: Record<string, number>, applied: string[]): this {
    this.add(process, 'invoke', 'read', null);
    return this.add(process, 'ok', 'read', { balances, applied });
  }
}

const dep = (id: string, account: string, amount: number) => ({ id, account, amount });
const exec = (id: string, ok = true, incarnation = 1): Execution => ({ id, result: ok ? { ok: true } : { ok: false, error: 'insufficient-funds' }, incarnation });

describe('checkers/exactly-once', () => {
  it('accepts a history where every ok applied once, fails never, infos at most once', () => {
    const h = new HistoryBuilder()
      .op(0, 'deposit', dep('0:0', 'a', 10), 'ok')
      .op(1, 'withdraw', dep('1:0', 'b', 5), 'fail', 'insufficient-funds')
      .add('nemesis', 'info', 'start-partition', { n1: ['client'] })
      .op(0, 'transfer', { id: '0:1', from: 'a', to: 'b', amount: 3 }, 'info', 'timed-out')
      .op(2, 'deposit', dep('2:0', 'c', 1), 'info', 'timed-out')
      .op(3, 'deposit', dep('3:0', 'c', 4), 'none')
      .read(4, { a: 7, b: 3, c: 4 }, ['0:0', '0:1', '3:0']);
    const result = checkExactlyOnce(h.events, { executionLog: [exec('0:0'), exec('1:0', false), exec('0:1'), exec('3:0')] });
    assert.equal(result.valid, true, result.summary);
    assert.deepEqual(result.anomalies, []);
    assert.equal(result.counts.requests, 5);
    assert.equal(result.counts.ok, 1);
    assert.equal(result.counts.fail, 1);
    assert.equal(result.counts.info, 3);
    assert.deepEqual(result.balances?.expected, { a: 7, b: 3, c: 4 });
  });

  it('flags a request applied twice in the final read as duplicated, with its operations', () => {
    const h = new HistoryBuilder().op(0, 'deposit', dep('0:0', 'a', 10), 'ok').read(1, { a: 20 }, ['0:0', '0:0']);
    const result = checkExactlyOnce(h.events, { executionLog: [exec('0:0'), exec('0:0')] });
    assert.equal(result.valid, false);
    assert.equal(result.counts.duplicated, 1);
    const [anomaly] = result.anomalies;
    assert.equal(anomaly?.kind, 'duplicated');
    assert.equal(anomaly?.id, '0:0');
    assert.equal(anomaly?.appliedInFinalRead, 2);
    assert.deepEqual(anomaly?.operations.map((e) => e.type), ['invoke', 'ok']);
    assert.equal(anomaly?.executions.length, 2);
    assert.equal(result.counts.balanceMismatches, 0, 'balances agree with the applied list, duplicate included');
  });

  it('flags a re-execution seen only in the execution log (a restarted server that forgot)', () => {
    const h = new HistoryBuilder().op(0, 'deposit', dep('0:0', 'a', 10), 'ok').read(1, { a: 10 }, ['0:0']);
    const result = checkExactlyOnce(h.events, { executionLog: [exec('0:0', true, 1), exec('0:0', true, 2)] });
    assert.equal(result.valid, false);
    assert.deepEqual(result.anomalies.map((a) => [a.kind, a.executedWithEffect]), [['duplicated', 2]]);
  });

  it('counts only executions with effect: a retry that found no funds is not a duplicate, but its fail is a phantom', () => {
    const h = new HistoryBuilder()
      .op(0, 'deposit', dep('0:0', 'a', 5), 'ok')
      .op(0, 'withdraw', dep('0:1', 'a', 5), 'fail', 'insufficient-funds')
      .read(1, { a: 0 }, ['0:0', '0:1']);
    const result = checkExactlyOnce(h.events, { executionLog: [exec('0:0'), exec('0:1'), exec('0:1', false)] });
    assert.equal(result.valid, false);
    assert.deepEqual(result.anomalies.map((a) => [a.kind, a.id]), [['phantom', '0:1']]);
    assert.equal(result.counts.duplicated, 0);
  });

  it('flags an info request applied twice as duplicated, and an unanswered invoke the same way', () => {
    const h = new HistoryBuilder()
      .op(0, 'deposit', dep('0:0', 'a', 1), 'info', 'timed-out')
      .op(1, 'deposit', dep('1:0', 'a', 2), 'none')
      .read(2, { a: 6 }, ['0:0', '0:0', '1:0', '1:0']);
    const result = checkExactlyOnce(h.events);
    assert.equal(result.valid, false);
    assert.deepEqual(result.anomalies.map((a) => [a.kind, a.id, a.type]), [['duplicated', '0:0', 'info'], ['duplicated', '1:0', 'info']]);
    assert.equal(result.hasExecutionLog, false);
  });

  it('flags an ok request missing from the final read as lost', () => {
    const h = new HistoryBuilder().op(0, 'deposit', dep('0:0', 'a', 3), 'ok').op(0, 'deposit', dep('0:1', 'a', 4), 'ok').read(1, { a: 4 }, ['0:1']);
    const result = checkExactlyOnce(h.events, { executionLog: [exec('0:0'), exec('0:1')] });
    assert.equal(result.valid, false);
    assert.deepEqual(result.anomalies.map((a) => [a.kind, a.id, a.appliedInFinalRead, a.executedWithEffect]), [['lost', '0:0', 0, 1]]);
  });

  it('without a final read: lost from the execution log, otherwise unknown', () => {
    const h = new HistoryBuilder().op(0, 'deposit', dep('0:0', 'a', 3), 'ok').op(0, 'deposit', dep('0:1', 'a', 4), 'ok');
    const withLoss = checkExactlyOnce(h.events, { executionLog: [exec('0:1')] });
    assert.equal(withLoss.valid, false);
    assert.deepEqual(withLoss.anomalies.map((a) => [a.kind, a.id]), [['lost', '0:0']]);
    const clean = checkExactlyOnce(h.events, { executionLog: [exec('0:0'), exec('0:1')] });
    assert.equal(clean.valid, 'unknown');
    assert.equal(clean.balances, null);
    assert.equal(checkExactlyOnce(h.events).valid, 'unknown');
  });

  it('flags a failed request that was applied as phantom', () => {
    const h = new HistoryBuilder()
      .op(0, 'deposit', dep('0:0', 'a', 9), 'ok')
      .op(0, 'transfer', { id: '0:1', from: 'a', to: 'b', amount: 2 }, 'fail', 'insufficient-funds')
      .read(1, { a: 7, b: 2 }, ['0:0', '0:1']);
    const result = checkExactlyOnce(h.events);
    assert.equal(result.valid, false);
    assert.deepEqual(result.anomalies.map((a) => [a.kind, a.id, a.type]), [['phantom', '0:1', 'fail']]);
  });

  it('flags an applied request no client invoked as unexpected', () => {
    const h = new HistoryBuilder().op(0, 'deposit', dep('0:0', 'a', 1), 'ok').read(1, { a: 6 }, ['0:0', '9:9']);
    const result = checkExactlyOnce(h.events, { executionLog: [exec('0:0'), { ...exec('9:9'), op: { f: 'deposit', account: 'a', amount: 5 } }] });
    assert.equal(result.valid, false);
    assert.deepEqual(result.anomalies.map((a) => [a.kind, a.id, a.type]), [['unexpected', '9:9', undefined]]);
    assert.equal(result.counts.balanceMismatches, 0, "the unexpected request's effect comes from the server's log");
  });

  it('flags balances that differ from the sum of the applied operations', () => {
    const h = new HistoryBuilder()
      .op(0, 'deposit', dep('0:0', 'a', 10), 'ok')
      .op(0, 'transfer', { id: '0:1', from: 'a', to: 'b', amount: 4 }, 'ok')
      .op(0, 'withdraw', dep('0:2', 'b', 1), 'ok')
      .read(1, { a: 6, b: 4 }, ['0:0', '0:1', '0:2']);
    const result = checkExactlyOnce(h.events);
    assert.equal(result.valid, false);
    assert.deepEqual(result.anomalies, []);
    assert.deepEqual(result.balances, { expected: { a: 6, b: 3 }, actual: { a: 6, b: 4 }, mismatched: ['b'] });
    assert.match(result.summary, /balances of b differ/);
  });

  it('rejects malformed input with a message naming the event', () => {
    const noId = new HistoryBuilder().op(0, 'deposit', { account: 'a', amount: 1 }, 'ok');
    assert.throws(() => checkExactlyOnce(noId.events), /event 0 .*request id/);
    const badRead = new HistoryBuilder().add(0, 'invoke', 'read', null).add(0, 'ok', 'read', { balances: {} });
    assert.throws(() => checkExactlyOnce(badRead.events), /final read \(event 1\)/);
    assert.throws(() => checkExactlyOnce([], { executionLog: [{ id: 3 }] }), /execution log entry 0/);
  });

  it('property: a faithful server is valid; one extra application of any applied request is flagged', () => {
    const requestArb = fc.record({
      type: fc.constantFrom('ok', 'fail', 'info', 'none') as fc.Arbitrary<'ok' | 'fail' | 'info' | 'none'>,
      appliedIfUnknown: fc.boolean(),
      account: fc.constantFrom('a', 'b', 'c'),
      amount: fc.integer({ min: 1, max: 20 }),
    });
    fc.assert(
      fc.property(fc.array(requestArb, { minLength: 1, maxLength: 30 }), fc.nat(), (requests, pick) => {
        const h = new HistoryBuilder();
        const applied: string[] = [];
        const balances: Record<string, number> = {};
        requests.forEach((r, i) => {
          const id = `${i}:0`;
          h.op(i, 'deposit', dep(id, r.account, r.amount), r.type);
          if (r.type === 'ok' || ((r.type === 'info' || r.type === 'none') && r.appliedIfUnknown)) {
            applied.push(id);
            balances[r.account] = (balances[r.account] ?? 0) + r.amount;
          }
        });
        const good = checkExactlyOnce([...h.events, ...new HistoryBuilder().read(999, balances, applied).events]);
        assert.equal(good.valid, true, good.summary);
        if (applied.length === 0) return;
        const twice = applied[pick % applied.length]!;
        const r = requests[Number(twice.split(':')[0])]!;
        const badBalances = { ...balances, [r.account]: balances[r.account]! + r.amount };
        const bad = checkExactlyOnce([...h.events, ...new HistoryBuilder().read(999, badBalances, [...applied, twice]).events]);
        assert.equal(bad.valid, false);
        assert.deepEqual(bad.anomalies.map((a) => [a.kind, a.id]), [['duplicated', twice]]);
      }),
      { verbose: 1 },
    );
  });
});
