import assert from 'node:assert/strict';
import type { HistoryEvent } from '../../../harness/event.js';
import { parseEdnKv } from '../../../harness/history/edn-kv.js';
import { parseJepsenEdn } from '../../../harness/history/jepsen-edn.js';
import { badInputOf } from './parse-error.js';

const brief = (events: HistoryEvent[]) => events.map(({ process, type, f, value, line }) => ({ process, type, f, value, line }));

const expectedOps = [
  { process: 0, type: 'invoke', f: 'write', value: 3, line: 2 },
  { process: 0, type: 'ok', f: 'write', value: 3, line: 3 },
  { process: 1, type: 'invoke', f: 'cas', value: [3, 4], line: 4 },
  { process: 1, type: 'fail', f: 'cas', value: [3, 4], line: 5 },
];

describe('jepsen-edn reader', () => {
  it('reads a vector of op maps, a list of op maps, and one map a line alike', () => {
    const maps = [
      '{:process 0, :type :invoke, :f :write, :value 3}',
      '{:type :ok, :value 3, :f :write, :process 0}', // keys in any order
      '{:process 1 :type :invoke :f :cas :value [3 4] :index 7 :unknown-key #{1}}', // no commas, unknown keys
      '{:f :cas, :process 1, :type :fail, :value [3 4]}',
    ];
    assert.deepEqual(brief(parseJepsenEdn(['[', ...maps, ']'].join('\n'))), expectedOps);
    assert.deepEqual(brief(parseJepsenEdn(['(', ...maps, ')'].join('\n'))), expectedOps);
    assert.deepEqual(brief(parseJepsenEdn(['; a Knossos history', ...maps].join('\n'))), expectedOps);
  });

  it('skips ; comments and commas, reads a missing :value as nil, and :time as timeNs', () => {
    const events = parseJepsenEdn('[{:process 0, :type :invoke, :f :read, :time 1500} ; no :value\n,,{:process 0, :type :ok, :f :read, :value 2, :time 2600}]');
    assert.deepEqual(
      events.map(({ value, timeNs, line }) => ({ value, timeNs, line })),
      [
        { value: null, timeNs: 1500, line: 1 },
        { value: 2, timeNs: 2600, line: 2 },
      ],
    );
  });

  it('keeps :process :nemesis ops as events with a string process', () => {
    const events = parseJepsenEdn('{:process :nemesis, :type :info, :f :start-partition, :value {"n1" ["n2"]}}\n{:process 0, :type :invoke, :f :read}');
    assert.deepEqual(brief(events)[0], { process: 'nemesis', type: 'info', f: 'start-partition', value: { n1: ['n2'] }, line: 1 });
  });

  it('turns an :ok :read of nil into a failed read that constrains nothing (Knossos)', () => {
    const [, completion] = parseJepsenEdn('{:process 0, :type :invoke, :f :read, :value nil}\n{:process 0, :type :ok, :f :read, :value nil}');
    assert.deepEqual({ type: completion!.type, error: completion!.error }, { type: 'fail', error: 'nil-read' });
  });

  it('reads :error, and Jepsen op records (#jepsen.history.Op{...}) as maps', () => {
    const [, completion] = parseJepsenEdn('#jepsen.history.Op{:index 0 :process 2 :type :invoke :f :write :value 1}\n#jepsen.history.Op{:index 1 :process 2 :type :info :f :write :value 1 :error :timed-out}');
    assert.deepEqual({ type: completion!.type, error: completion!.error, process: completion!.process }, { type: 'info', error: 'timed-out', process: 2 });
  });

  it('reads multi-register txns and mutex ops as plain data', () => {
    const events = parseJepsenEdn('{:process 0 :type :invoke :f :txn :value [[:r :x nil] [:w :y 2]]}\n{:process 1 :type :invoke :f :acquire}');
    assert.deepEqual(events[0]!.value, [['r', 'x', null], ['w', 'y', 2]]);
    assert.equal(events[1]!.value, null);
  });

  it('rejects malformed ops and malformed EDN with file:line', () => {
    const cases: [string, string][] = [
      ['{:process 0, :type :invoke, :f :read}\n{:process 0, :type :done, :f :read}', 'h.edn:2: expected :type to be one of :invoke, :ok, :fail, :info, got :done'],
      ['{:process 0, :f :read}', 'h.edn:1: expected :type to be one of :invoke, :ok, :fail, :info, got nothing (the key is missing)'],
      ['\n{:type :invoke, :f :read}', 'h.edn:2: expected :process to be an integer (a client) or a keyword such as :nemesis, got nothing (the key is missing)'],
      ['{:process 0, :type :invoke}', 'h.edn:1: expected :f to be a keyword such as :read, got nothing (the key is missing)'],
      ['[{:process 0, :type :invoke, :f :read}\n[1 2]]', 'h.edn:2: expected an operation map like {:process 0, :type :invoke, :f :read, :value nil}, got a vector'],
      ['[{:process 0, :type :invoke, :f :read}\n', 'h.edn:2: unexpected end of input: the "[" of the history opened on line 1 is not closed'],
      ['[{:process 0, :type :invoke, :f :read}]\n{:a 1}', 'h.edn:2: unexpected text after the history\'s closing "]"'],
      ['{:process 0, :type :invoke, :f :read, :time "soon"}', 'h.edn:1: expected :time to be a number of nanoseconds, got :soon'],
      ['{:process 0, :type :invoke,\n :type :ok, :f :read}', 'h.edn:2: duplicate map key "type"'],
      ['{:index 1, :process 0, :type :invoke, :f :read, :index 2}', 'h.edn:1: duplicate map key "index"'],
      ['{:process 0, :type :invoke, :f :read, :value}', 'h.edn:1: the map opened on line 1 has a key ("value") with no value'],
    ];
    for (const [text, message] of cases) assert.equal(badInputOf(() => parseJepsenEdn(text, 'h.edn')).message, message);
  });
});

describe('edn-kv reader', () => {
  it('moves :key into the value as a [key, value] tuple (the FORMAT.md excerpt)', () => {
    const events = parseEdnKv(
      [
        '{:process 0, :type :invoke, :f :append, :key "0", :value "x 0 0 y"}',
        '{:process 0, :type :ok, :f :append, :key "0", :value "x 0 0 y"}',
        '{:process 1, :type :invoke, :f :get, :key "4", :value nil}',
        '{:process 1, :type :ok, :f :get, :key "4", :value "x 0 1 y"}',
      ].join('\n'),
      'c.txt',
    );
    assert.deepEqual(brief(events), [
      { process: 0, type: 'invoke', f: 'append', value: ['0', 'x 0 0 y'], line: 1 },
      { process: 0, type: 'ok', f: 'append', value: ['0', 'x 0 0 y'], line: 2 },
      { process: 1, type: 'invoke', f: 'get', value: ['4', null], line: 3 },
      { process: 1, type: 'ok', f: 'get', value: ['4', 'x 0 1 y'], line: 4 },
    ]);
  });

  it('rejects an op without a key, naming file:line', () => {
    const error = badInputOf(() => parseEdnKv('{:process 0, :type :invoke, :f :get, :key "1", :value nil}\n{:process 0, :type :ok, :f :get, :value "x"}', 'c.txt'));
    assert.equal(error.message, 'c.txt:2: expected :key to be a string (edn-kv), got nothing (the key is missing)');
  });
});
