import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { detectFormat } from '../../../harness/history/detect-format.js';
import { parseHistory, readHistoryFile } from '../../../harness/history/read-history.js';
import { badInputOf } from './parse-error.js';

describe('history format detection and reading', () => {
  it('tells the format from the content', () => {
    assert.equal(detectFormat('{"process":0,"type":"invoke","f":"read"}\n'), 'jsonl');
    assert.equal(detectFormat('\n{:process 0, :type :invoke, :f :get, :key "1", :value nil}'), 'edn-kv');
    assert.equal(detectFormat('; comment\n{:process 0, :type :invoke, :f :read, :value nil}'), 'jepsen-edn');
    assert.equal(detectFormat('[{:process 0 :type :invoke :f :read}]'), 'jepsen-edn');
    assert.equal(detectFormat('({:process 0 :type :invoke :f :read})'), 'jepsen-edn');
    assert.equal(detectFormat('#jepsen.history.Op{:process 0 :type :invoke :f :read}'), 'jepsen-edn');
    assert.equal(detectFormat('INFO  jepsen.core - starting\nINFO  jepsen.util - 0\t:invoke\t:read\tnil\n'), 'jepsen-log');
    assert.equal(detectFormat('[2017-03-01 10:00:00] INFO  jepsen.util - 0\t:invoke\t:read\tnil\n'), 'jepsen-log');
    assert.equal(detectFormat(''), undefined);
    assert.equal(detectFormat('  \n; only a comment\n'), undefined);
    assert.equal(badInputOf(() => detectFormat('\nhello world\n', 'x.dat')).message, 'x.dat:2: cannot tell the history format from the content (expected JSON lines, EDN op maps or Jepsen log lines); give --format');
  });

  it('reads an empty file as an empty history in any format', () => {
    assert.deepEqual(parseHistory('', undefined, 'e.jsonl'), { events: [], format: 'jsonl' });
    assert.deepEqual(parseHistory('', undefined, 'e.log'), { events: [], format: 'jepsen-log' });
    for (const format of ['jepsen-log', 'edn-kv', 'jepsen-edn', 'jsonl'] as const) assert.deepEqual(parseHistory('\n', format, 'e'), { events: [], format });
  });

  it('rejects a completion with no matching invoke, naming its line', () => {
    const text = '{"process":0,"type":"invoke","f":"read"}\n{"process":0,"type":"ok","f":"read","value":1}\n{"process":0,"type":"ok","f":"read","value":1}\n';
    assert.equal(badInputOf(() => parseHistory(text, undefined, 'h.jsonl')).message, 'h.jsonl:3: ok read of process 0 has no matching invoke');
    const log = 'INFO  jepsen.util - 0\t:invoke\t:read\tnil\nINFO  jepsen.util - 1\t:fail\t:read\t:timed-out\n';
    assert.equal(badInputOf(() => parseHistory(log, undefined, 'h.log')).message, 'h.log:2: fail read of process 1 has no matching invoke');
  });

  it('rejects a second invoke of a busy process and a completion of another function', () => {
    const twice = '{:process 0 :type :invoke :f :read}\n{:process 0 :type :invoke :f :write :value 1}';
    assert.equal(badInputOf(() => parseHistory(twice, undefined, 'h.edn')).message, 'h.edn:2: process 0 invokes write while its read (line 1) has not completed (one operation at a time per process)');
    const other = '{:process 0 :type :invoke :f :read}\n{:process 0 :type :ok :f :write :value 1}';
    assert.equal(badInputOf(() => parseHistory(other, undefined, 'h.edn')).message, 'h.edn:2: ok write of process 0 completes an invoke of read (line 1)');
  });

  it('allows invokes never completed, info then a fresh process, and unpaired nemesis events', () => {
    const text = [
      '{:process 0 :type :invoke :f :write :value 1}',
      '{:process 0 :type :info :f :write :value 1}',
      '{:process :nemesis :type :info :f :start}',
      '{:process 5 :type :invoke :f :read}',
    ].join('\n');
    assert.equal(parseHistory(text).events.length, 4);
  });

  it('reads files, naming a missing one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'read-history-'));
    try {
      const path = join(dir, 'h.txt');
      writeFileSync(path, '{:process 0, :type :invoke, :f :put, :key "k", :value "v"}\n');
      const history = await readHistoryFile(path);
      assert.equal(history.format, 'edn-kv');
      assert.deepEqual(history.events[0]!.value, ['k', 'v']);
      assert.equal((await readHistoryFile(path, 'jepsen-edn')).events[0]!.value, 'v');
      await assert.rejects(readHistoryFile(join(dir, 'nope.jsonl')), { message: `${join(dir, 'nope.jsonl')}: cannot read the history: no such file` });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
