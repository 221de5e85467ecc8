/**
 * What `fail` means to the linearizability models, per source (docs/history-format.md, "What
 * fail means"): the same operations written in each format, checked as `harness check` does.
 */
import assert from 'node:assert/strict';
import { checkLinearizability } from '../../../checkers/linearizability/check.js';
import { makeModel } from '../../../checkers/models/registry.js';
import { failedOperationConstrains, failReadingOf } from '../../../harness/history/fail-reading.js';
import { historyFormats } from '../../../harness/history/history-format.js';
import { parseHistory } from '../../../harness/history/read-history.js';
import { preconditionFailed } from '../../../harness/interfaces.js';

/** The register holds 1; then a cas from 1 to 2 fails. Only a reading of the fail as "saw another value" finds that impossible. */
const formats = {
  jsonl: (error?: string) =>
    [
      '{"process":0,"type":"invoke","f":"write","value":1}',
      '{"process":0,"type":"ok","f":"write","value":1}',
      '{"process":1,"type":"invoke","f":"cas","value":[1,2]}',
      `{"process":1,"type":"fail","f":"cas","value":[1,2]${error === undefined ? '' : `,"error":${JSON.stringify(error)}`}}`,
    ].join('\n'),
  'jepsen-edn': (error?: string) =>
    `[{:process 0, :type :invoke, :f :write, :value 1}
 {:process 0, :type :ok, :f :write, :value 1}
 {:process 1, :type :invoke, :f :cas, :value [1 2]}
 {:process 1, :type :fail, :f :cas, :value [1 2]${error === undefined ? '' : `, :error :${error}`}}]`,
  'jepsen-log': () =>
    ['INFO  jepsen.util - 0\t:invoke\t:write\t1', 'INFO  jepsen.util - 0\t:ok\t:write\t1', 'INFO  jepsen.util - 1\t:invoke\t:cas\t[1 2]', 'INFO  jepsen.util - 1\t:fail\t:cas\t[1 2]'].join('\n'),
};

function verdict(text: string, init: unknown = null): boolean | 'unknown' {
  const { events, format } = parseHistory(text);
  return checkLinearizability(events, makeModel('cas-register', init), { failReading: failReadingOf[format] }).valid;
}

describe('what fail means to the linearizability models, per source', () => {
  it('every format has a reading: Knossos for Jepsen / Knossos EDN, Porcupine for its etcd logs, the harness its own', () => {
    assert.deepEqual(Object.keys(failReadingOf).sort(), [...historyFormats].sort());
    assert.deepEqual(failReadingOf, { 'jepsen-edn': 'knossos', 'edn-kv': 'knossos', 'jepsen-log': 'porcupine', jsonl: 'harness' });
  });

  it('jepsen-edn (Knossos): a failed cas did not happen and constrains nothing, whatever its error', () => {
    assert.equal(verdict(formats['jepsen-edn']()), true);
    assert.equal(verdict(formats['jepsen-edn'](preconditionFailed)), true);
  });

  it('jepsen-log (Porcupine): a failed cas saw a value other than from', () => {
    assert.equal(verdict(formats['jepsen-log']()), false);
  });

  it('jsonl (the harness): only a cas failed with error precondition-failed saw another value; a refusal constrains nothing', () => {
    assert.equal(verdict(formats.jsonl(preconditionFailed)), false);
    assert.equal(verdict(formats.jsonl()), true);
    for (const refusal of ['not-primary', 'unavailable', 'ECONNREFUSED', 'cas-mismatch']) assert.equal(verdict(formats.jsonl(refusal)), true, refusal);
  });

  it("the issue's example (Knossos memstress3-32): a failed cas [0 0] in state 0 is no violation with --init 0", () => {
    const text = '[{:process 175, :type :invoke, :f :cas, :value [0 0]}\n {:process 175, :type :fail, :f :cas, :value [0 0]}]';
    assert.equal(verdict(text, 0), true);
  });

  it('in every reading a failed write did not happen: a later read of its value is a violation', () => {
    const jsonl = [
      '{"process":0,"type":"invoke","f":"write","value":7}',
      '{"process":0,"type":"fail","f":"write","value":7,"error":"not-primary"}',
      '{"process":1,"type":"invoke","f":"read","value":null}',
      '{"process":1,"type":"ok","f":"read","value":7}',
    ].join('\n');
    const edn = '[{:process 0, :type :invoke, :f :write, :value 7}\n {:process 0, :type :fail, :f :write, :value 7}\n {:process 1, :type :invoke, :f :read, :value nil}\n {:process 1, :type :ok, :f :read, :value 7}]';
    const log = ['INFO  jepsen.util - 0\t:invoke\t:write\t7', 'INFO  jepsen.util - 0\t:fail\t:write\t7', 'INFO  jepsen.util - 1\t:invoke\t:read\tnil', 'INFO  jepsen.util - 1\t:ok\t:read\t7'].join('\n');
    for (const text of [jsonl, edn, log]) assert.equal(verdict(text), false, text);
  });

  it('only a cas can constrain when failed; the reader keeps every failed operation for the other checkers', () => {
    for (const reading of ['knossos', 'porcupine', 'harness'] as const) {
      for (const f of ['read', 'write', 'txn', 'acquire', 'put']) assert.equal(failedOperationConstrains(reading, f, preconditionFailed), false, `${reading} ${f}`);
    }
    const { events } = parseHistory(formats['jepsen-edn']());
    assert.equal(events.filter((event) => event.type === 'fail').length, 1, 'the reader keeps the fail');
    // Left out of the search only: the checker still counts it among the history's operations.
    assert.equal(checkLinearizability(events, makeModel('cas-register'), { failReading: 'knossos' }).ops, 2);
  });
});
