import assert from 'node:assert/strict';
import { checkLinearizability, linearizableChecker } from '../../../checkers/linearizability/check.js';
import { makeModel } from '../../../checkers/models/registry.js';
import type { HistoryEvent } from '../../../harness/event.js';
import { BadInputError } from '../../../harness/exit-codes.js';
import { preconditionFailed } from '../../../harness/interfaces.js';

type Row = [process: number | string, type: HistoryEvent['type'], f: string, value: unknown];
/** A history from rows, in order (the order is real time). */
function history(rows: Row[]): HistoryEvent[] {
  return rows.map(([process, type, f, value], index) => ({ index, timeNs: index * 10, process, type, f, value, line: index + 1 }));
}

describe('checkLinearizability', () => {
  const register = makeModel('register');
  const casRegister = makeModel('cas-register');

  it('accepts a read that overlaps a write and sees either value (Porcupine register example)', () => {
    const events = history([
      [0, 'invoke', 'write', 100],
      [1, 'invoke', 'read', null],
      [2, 'invoke', 'read', null],
      [2, 'ok', 'read', null],
      [1, 'ok', 'read', 100],
      [0, 'ok', 'write', 100],
    ]);
    const result = checkLinearizability(events, register);
    assert.equal(result.valid, true);
    assert.equal(result.checker, 'linearizable');
    assert.equal(result.ops, 3);
    assert.equal(result.parts, 1);
  });

  it('rejects a stale read after a newer read returned (Porcupine register example) and explains it', () => {
    const events = history([
      [0, 'invoke', 'write', 200],
      [1, 'invoke', 'read', null],
      [1, 'ok', 'read', 200],
      [2, 'invoke', 'read', null],
      [2, 'ok', 'read', null],
      [0, 'ok', 'write', 200],
    ]);
    const result = checkLinearizability(events, register);
    assert.equal(result.valid, false);
    const [part] = result.counterexample!;
    assert.equal(part!.key, null);
    assert.deepEqual(
      part!.linearizedPrefix.map((op) => op.description),
      ['write(200)', 'read() -> 200'],
    );
    assert.equal(part!.state, '200');
    assert.deepEqual(part!.nextCandidates.map((op) => [op.description, op.legalFromState, op.callLine, op.returnLine]), [['read() -> nil', false, 4, 5]]);
    assert.match(result.summary, /not linearizable.*read\(\) -> nil \(process 2, line 4\)/);
    JSON.parse(JSON.stringify(result)); // plain JSON
  });

  it('lets an unknown-outcome write take effect long after later operations, or never', () => {
    const late = history([
      [0, 'invoke', 'write', 1],
      [0, 'info', 'write', null],
      [1, 'invoke', 'read', null],
      [1, 'ok', 'read', null],
      [2, 'invoke', 'write', 2],
      [2, 'ok', 'write', 2],
      [3, 'invoke', 'read', null],
      [3, 'ok', 'read', 1],
    ]);
    assert.equal(checkLinearizability(late, register).valid, true);
    const never = history([
      [0, 'invoke', 'write', 1],
      [1, 'invoke', 'read', null],
      [1, 'ok', 'read', null],
    ]); // invoke without completion: like info
    assert.equal(checkLinearizability(never, register).valid, true);
    const before = history([
      [1, 'invoke', 'read', null],
      [1, 'ok', 'read', 1],
      [0, 'invoke', 'write', 1],
      [0, 'info', 'write', null],
    ]); // but never before its call
    assert.equal(checkLinearizability(before, register).valid, false);
  });

  it('holds an optional info (HistoryEvent.optional) to its completion: it took effect before it, or never', () => {
    const rows: Row[] = [
      [0, 'invoke', 'write', 1],
      [0, 'info', 'write', null],
      [1, 'invoke', 'write', 2],
      [1, 'ok', 'write', 2],
      [2, 'invoke', 'read', null],
      [2, 'ok', 'read', 1],
    ];
    // A plain info may take effect after the write of 2; an optional one may not.
    assert.equal(checkLinearizability(history(rows), register).valid, true);
    const optional = history(rows).map((event) => (event.type === 'info' ? { ...event, optional: true as const } : event));
    assert.equal(checkLinearizability(optional, register).valid, false);
    // A failed cas called after the deadline changes no state, but linearized first (rule 1) it
    // would shut the optional write out, and the read of 1 needs it: valid only the other way.
    const forcedTooEarly = history([
      [0, 'invoke', 'write', 1],
      [1, 'invoke', 'read', null],
      [0, 'info', 'write', null],
      [2, 'invoke', 'cas', [2, 3]],
      [2, 'fail', 'cas', [2, 3]],
      [1, 'ok', 'read', 1],
    ]).map((event) => (event.type === 'info' ? { ...event, optional: true as const } : event));
    forcedTooEarly[4]!.error = preconditionFailed;
    assert.equal(checkLinearizability(forcedTooEarly, casRegister).valid, true);
    const fine = history([
      [0, 'invoke', 'write', 1],
      [1, 'invoke', 'read', null],
      [0, 'info', 'write', null],
      [1, 'ok', 'read', 1],
    ]).map((event) => (event.type === 'info' ? { ...event, optional: true as const } : event));
    assert.equal(checkLinearizability(fine, register).valid, true);
  });

  it('treats a cas failed with precondition-failed as a read of something else, and ignores nemesis events', () => {
    const events = history([
      [0, 'invoke', 'write', 1],
      [0, 'ok', 'write', 1],
      ['nemesis', 'info', 'start-partition', { n1: ['n2'] }],
      [1, 'invoke', 'cas', [1, 2]],
      [1, 'fail', 'cas', [1, 2]],
    ]);
    events[4]!.error = preconditionFailed;
    assert.equal(checkLinearizability(events, casRegister).valid, false);
    events[4]!.type = 'ok';
    assert.equal(checkLinearizability(events, casRegister).valid, true);
  });

  it('checks kv keys as independent parts and names the failing key', () => {
    const events = history([
      [0, 'invoke', 'append', ['a', 'x']],
      [0, 'ok', 'append', ['a', 'x']],
      [1, 'invoke', 'put', ['b', 'y']],
      [1, 'ok', 'put', ['b', 'y']],
      [2, 'invoke', 'get', ['b', null]],
      [2, 'ok', 'get', ['b', 'x']],
    ]);
    const result = checkLinearizability(events, makeModel('kv'));
    assert.equal(result.valid, false);
    assert.equal(result.parts, 2);
    assert.equal(result.counterexample![0]!.key, 'b');
    assert.equal(result.counterexample![0]!.state, '"y"');
  });

  it('stops at the first violating part unless asked for all of them', () => {
    const events = history([
      [0, 'invoke', 'get', ['a', null]],
      [0, 'ok', 'get', ['a', 'x']],
      [1, 'invoke', 'get', ['b', null]],
      [1, 'ok', 'get', ['b', 'y']],
      [2, 'invoke', 'put', ['c', 'z']],
      [2, 'ok', 'put', ['c', 'z']],
    ]);
    const first = checkLinearizability(events, makeModel('kv'));
    assert.equal(first.valid, false);
    assert.equal(first.counterexample!.length, 1);
    const all = checkLinearizability(events, makeModel('kv'), { allViolations: true });
    assert.deepEqual(all.counterexample!.map((part) => part.key), ['a', 'b']);
    assert.equal(all.partsChecked, 3);
  });

  it('says unknown, never a guess, when the time budget runs out', () => {
    // 14 concurrent appends and a read no order can produce: the search must try them all.
    const rows: Row[] = [];
    for (let p = 0; p < 14; p++) rows.push([p, 'invoke', 'append', ['k', String.fromCharCode(97 + p)]]);
    for (let p = 0; p < 14; p++) rows.push([p, 'ok', 'append', ['k', String.fromCharCode(97 + p)]]);
    rows.push([99, 'invoke', 'get', ['k', null]], [99, 'ok', 'get', ['k', 'impossible']]);
    const result = checkLinearizability(history(rows), makeModel('kv'), { timeoutMs: 20 });
    assert.equal(result.valid, 'unknown');
    assert.match(result.summary, /20 ms budget/);
  });

  it('says unknown, never a crash, when the search outgrows a JavaScript limit', () => {
    // The same hard history, with a model whose step fails the way a Map past its maximum size
    // does after a while: the verdict must be 'unknown' with the reason, not a thrown error.
    const rows: Row[] = [];
    for (let p = 0; p < 14; p++) rows.push([p, 'invoke', 'append', ['k', String.fromCharCode(97 + p)]]);
    for (let p = 0; p < 14; p++) rows.push([p, 'ok', 'append', ['k', String.fromCharCode(97 + p)]]);
    rows.push([99, 'invoke', 'get', ['k', null]], [99, 'ok', 'get', ['k', 'impossible']]);
    const kv = makeModel('kv');
    let steps = 0;
    const exhausting = {
      ...kv,
      step(state: unknown, input: unknown, output: unknown) {
        if (++steps > 500) throw new RangeError('Map maximum size exceeded');
        return kv.step(state, input, output);
      },
    };
    const result = checkLinearizability(history(rows), exhausting);
    assert.equal(result.valid, 'unknown');
    assert.match(result.summary, /outgrew .*Map maximum size exceeded/);
  });

  it('reports bad pairing with the line', () => {
    assert.throws(() => checkLinearizability(history([[0, 'ok', 'read', 1]]), register), (error: unknown) => error instanceof BadInputError && /line 1/.test(error.message));
    assert.throws(
      () => checkLinearizability(history([[0, 'invoke', 'read', null], [0, 'invoke', 'read', null]]), register),
      /line 2: process 0 invokes read while/,
    );
  });

  it('an empty history is linearizable', () => {
    assert.equal(checkLinearizability([], register).valid, true);
  });

  it('linearizableChecker is the same check as a function of the history', () => {
    const check = linearizableChecker('mutex');
    assert.equal(check(history([[0, 'invoke', 'acquire', null], [0, 'ok', 'acquire', null], [1, 'invoke', 'acquire', null], [1, 'ok', 'acquire', null]])).valid, false);
    assert.equal(check(history([[0, 'invoke', 'acquire', null], [0, 'ok', 'acquire', null], [0, 'invoke', 'release', null], [0, 'ok', 'release', null]])).valid, true);
  });
});
