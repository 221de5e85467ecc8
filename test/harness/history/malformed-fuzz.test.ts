/** Damaged histories either read or fail with a BadInputError that names a line of the file; never anything else. */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { BadInputError } from '../../../harness/exit-codes.js';
import { historyFormats, type HistoryFormat } from '../../../harness/history/history-format.js';
import { parseHistory } from '../../../harness/history/read-history.js';

const samples: Record<HistoryFormat, string> = {
  'jepsen-log': [
    'INFO  jepsen.util - 0\t:invoke\t:read\tnil',
    'INFO  jepsen.util - 1\t:invoke\t:cas\t[1 2]',
    'INFO  jepsen.util - 0\t:ok\t:read\t3',
    'INFO  jepsen.util - :nemesis\t:info\t:start\t{"n1" ["n2"]}',
    'INFO  jepsen.util - 1\t:info\t:cas\t:timed-out',
  ].join('\n'),
  'edn-kv': [
    '{:process 0, :type :invoke, :f :append, :key "0", :value "x 0 0 y"}',
    '{:process 0, :type :ok, :f :append, :key "0", :value "x 0 0 y"}',
    '{:process 1, :type :invoke, :f :get, :key "4", :value nil}',
    '{:process 1, :type :ok, :f :get, :key "4", :value "x 0 1 y"}',
  ].join('\n'),
  'jepsen-edn': [
    '[{:process 0, :type :invoke, :f :txn, :value [[:r :x nil] [:w :y 2]]} ; c',
    ' {:process :nemesis, :type :info, :f :start, :value #{"n1"}}',
    ' {:process 0, :type :ok, :f :txn, :value [[:r :x 1] [:w :y 2]], :time 5}]',
  ].join('\n'),
  jsonl: [
    '{"index":0,"timeNs":1,"process":0,"type":"invoke","f":"cas","value":[1,2]}',
    '{"index":1,"timeNs":2,"process":"nemesis","type":"info","f":"start","value":{"n1":["n2"]}}',
    '{"index":2,"timeNs":3,"process":0,"type":"fail","f":"cas","value":[1,2],"error":"x"}',
  ].join('\n'),
};

const damage = fc.array(
  fc.record({
    at: fc.nat(),
    kind: fc.constantFrom('delete', 'insert', 'truncate'),
    char: fc.constantFrom('{', '}', '[', ']', '(', ')', '"', '\\', ':', ';', ',', ' ', '\n', '#', '_', '0', 'x', '-', 'N'),
  }),
  { minLength: 1, maxLength: 4 },
);

describe('damaged histories', () => {
  for (const format of historyFormats) {
    it(`${format}: reads or names file:line, never crashes otherwise`, () => {
      fc.assert(
        fc.property(damage, fc.boolean(), (edits, detect) => {
          let text = samples[format];
          for (const edit of edits) {
            const at = edit.at % (text.length + 1);
            if (edit.kind === 'delete') text = text.slice(0, at) + text.slice(at + 1);
            else if (edit.kind === 'insert') text = text.slice(0, at) + edit.char + text.slice(at);
            else text = text.slice(0, at);
          }
          try {
            parseHistory(text, detect ? undefined : format, 'f');
          } catch (error) {
            assert.ok(error instanceof BadInputError, `not a BadInputError: ${error instanceof Error ? error.stack : String(error)}\n${text}`);
            const lineCount = text.split('\n').length;
            assert.ok(error.line !== undefined && error.line >= 1 && error.line <= lineCount, `line ${error.line} of ${lineCount}: ${error.message}\n${text}`);
            assert.ok(error.message.startsWith(`f:${error.line}: `), error.message);
          }
        }),
        { numRuns: 400, verbose: true },
      );
    });
  }
});
