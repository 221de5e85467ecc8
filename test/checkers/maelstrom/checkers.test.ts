import assert from 'node:assert/strict';
import type { Checker } from '../../../harness/interfaces.js';
import { counterChecker } from '../../../checkers/maelstrom/counter.js';
import { echoChecker } from '../../../checkers/maelstrom/echo.js';
import { kafkaChecker } from '../../../checkers/maelstrom/kafka.js';
import { linKvChecker } from '../../../checkers/maelstrom/lin-kv.js';
import { maelstromProtocolChecker } from '../../../checkers/maelstrom/protocol.js';
import { setFullChecker } from '../../../checkers/maelstrom/set-full.js';
import { uniqueIdsChecker } from '../../../checkers/maelstrom/unique-ids.js';
import type { TestSpec } from '../../../harness/spec.js';
import { HistoryBuilder } from './history-builder.js';

const spec = {} as TestSpec;
const check = (checker: Checker, h: HistoryBuilder, executionLog?: unknown[]) => checker(spec, h.events, executionLog === undefined ? {} : { executionLog });

describe('maelstrom checkers', () => {
  it('echo: a different payload is invalid, the same valid', () => {
    assert.equal(check(echoChecker, new HistoryBuilder().op(0, 'ok', 'echo', 'a')).valid, true);
    assert.equal(check(echoChecker, new HistoryBuilder().op(0, 'ok', 'echo', 'a').op(1, 'ok', 'echo', 'b', 'a')).valid, false);
    assert.equal(check(echoChecker, new HistoryBuilder().op(0, 'info', 'echo', 'a')).valid, 'unknown');
  });

  it('unique-ids: ids compared as JSON of any type; a repeat is invalid', () => {
    assert.equal(check(uniqueIdsChecker, new HistoryBuilder().op(0, 'ok', 'generate', null, 1).op(1, 'ok', 'generate', null, '1').op(2, 'ok', 'generate', null, [1])).valid, true);
    const dup = check(uniqueIdsChecker, new HistoryBuilder().op(0, 'ok', 'generate', null, { a: 1, b: 2 }).op(1, 'ok', 'generate', null, { b: 2, a: 1 }));
    assert.equal(dup.valid, false);
    assert.equal(dup.duplicatedCount, 1);
  });

  describe('set-full', () => {
    it('an acknowledged element missing from the last read is lost; a read element never added is unexpected', () => {
      const h = new HistoryBuilder().op(0, 'ok', 'broadcast', 1).op(0, 'ok', 'broadcast', 2).op(1, 'ok', 'read', null, [1, 2]).op(1, 'ok', 'final-read', { node: 'n2' }, [1]);
      const result = check(setFullChecker, h);
      assert.equal(result.valid, false, result.summary);
      assert.deepEqual(result.lost, [2]);
      const unexpected = check(setFullChecker, new HistoryBuilder().op(0, 'ok', 'add', 1).op(1, 'ok', 'read', null, [1, 7]));
      assert.deepEqual([unexpected.valid, unexpected.unexpected], [false, [7]]);
    });

    it('late but present in the last reads is stable (stale before); unknown adds promise nothing; no read after an ack is never-read', () => {
      const h = new HistoryBuilder().op(0, 'ok', 'add', 1).op(1, 'ok', 'read', null, []).op(0, 'info', 'add', 2).op(1, 'ok', 'final-read', { node: 'n1' }, [1]).op(0, 'ok', 'add', 3);
      const result = check(setFullChecker, h);
      assert.equal(result.valid, true, result.summary);
      assert.deepEqual([result.stableCount, result.staleCount, result.neverReadCount, result.lostCount], [1, 1, 1, 0]);
      assert.ok(typeof (result.stableLatencyMs as { max: number }).max === 'number');
    });

    it('a read that is no array is a checker error (the run loop turns the throw into unknown)', () => {
      assert.throws(() => check(setFullChecker, new HistoryBuilder().op(0, 'ok', 'read', null, 5)), /not an array/);
    });
  });

  describe('counter', () => {
    it('final reads must be the acknowledged sum plus a subset of the unknown adds; failed adds count for nothing', () => {
      const base = () => new HistoryBuilder().op(0, 'ok', 'add', 3).op(0, 'fail', 'add', 100).op(1, 'info', 'add', 2).op(2, 'info', 'add', -4);
      for (const [value, valid] of [[3, true], [5, true], [-1, true], [1, true], [4, false], [103, false]] as const) {
        const result = check(counterChecker, base().op(3, 'ok', 'final-read', { node: 'n1' }, value));
        assert.equal(result.valid, valid, `read ${value}: ${result.summary}`);
      }
      assert.equal(check(counterChecker, base().op(3, 'ok', 'read', null, 99)).valid, 'unknown'); // only final reads are judged
    });
  });

  it('lin-kv: per-key linearizability; a cas refused as temporarily-unavailable did nothing', () => {
    const stale = new HistoryBuilder().op(0, 'ok', 'write', [1, 3]).op(1, 'ok', 'read', [1, null], [1, 2]);
    assert.equal(check(linKvChecker, stale).valid, false);
    const inert = new HistoryBuilder().op(0, 'ok', 'write', [1, 3]).op(1, 'fail', 'cas', [1, [3, 4]], [1, [3, 4]], 'temporarily-unavailable (11)').op(1, 'ok', 'read', [1, null], [1, 3]);
    assert.equal(check(linKvChecker, inert).valid, true);
  });

  describe('kafka', () => {
    const sends = () => new HistoryBuilder().op(0, 'ok', 'send', ['k', 1], ['k', 1, 0]).op(0, 'ok', 'send', ['k', 2], ['k', 2, 1]).op(0, 'ok', 'send', ['k', 3], ['k', 3, 2]);
    it('polls that see every acknowledged send in order are valid', () => {
      const result = check(kafkaChecker, sends().op(1, 'ok', 'poll', null, { msgs: { k: [[0, 1], [1, 2]] } }).op(1, 'ok', 'poll', null, { msgs: { k: [[2, 3]] } }));
      assert.equal(result.valid, true, result.summary);
    });
    it('a skipped acknowledged offset below a polled one is a lost write', () => {
      const result = check(kafkaChecker, sends().op(1, 'ok', 'final-poll', { node: 'n1' }, { node: 'n1', msgs: { k: [[0, 1], [2, 3]] } }));
      assert.deepEqual([result.valid, result.lostCount], [false, 1]);
    });
    it('one offset with two messages, one message at two offsets, offsets going back', () => {
      const inconsistent = check(kafkaChecker, sends().op(1, 'ok', 'poll', null, { msgs: { k: [[0, 9]] } }));
      assert.deepEqual([inconsistent.valid, inconsistent.inconsistentCount], [false, 1]);
      const duplicate = check(kafkaChecker, sends().op(1, 'ok', 'poll', null, { msgs: { k: [[0, 1], [1, 2], [2, 3], [3, 1]] } }));
      assert.deepEqual([duplicate.valid, duplicate.duplicateCount], [false, 1]);
      const backwards = check(kafkaChecker, sends().op(1, 'ok', 'poll', null, { msgs: { k: [[1, 2], [2, 3]] } }).op(1, 'ok', 'poll', null, { msgs: { k: [[1, 2]] } }));
      assert.deepEqual([backwards.valid, backwards.nonMonotonicCount], [false, 1]);
    });
  });

  it('maelstrom-protocol: any recorded violation is invalid; no record is unknown', () => {
    assert.equal(check(maelstromProtocolChecker, new HistoryBuilder(), []).valid, true);
    assert.equal(check(maelstromProtocolChecker, new HistoryBuilder(), [{ node: 'n1', error: 'wrote non-JSON' }]).valid, false);
    assert.equal(check(maelstromProtocolChecker, new HistoryBuilder()).valid, 'unknown');
  });
});
