import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExecutionLog } from '../../../targets/rpc/execution-log.js';
import { parseLogRecords, type ExecutionRecord } from '../../../targets/rpc/execution-record.js';

const record = (seq: number): ExecutionRecord => ({ kind: 'exec', id: `c:${seq}`, clientId: 'c', seq, ack: seq - 1, op: { f: 'deposit', account: 'a', amount: 1 }, result: { ok: true }, incarnation: 1, atMs: 0 });

describe('targets/rpc/execution-log', () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'execution-log-test-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('durable: concurrent appends all resolve after a shared fdatasync, in append order on disk', async () => {
    const file = join(dir, 'wal.jsonl');
    const log = new ExecutionLog(file, true);
    await Promise.all(Array.from({ length: 200 }, (_, seq) => log.append(record(seq))));
    await log.barrier();
    log.close();
    const { records, tornTail } = parseLogRecords(readFileSync(file, 'utf8'));
    assert.equal(tornTail, false);
    assert.deepEqual(records.map((r) => (r.kind === 'exec' ? r.seq : -1)), Array.from({ length: 200 }, (_, i) => i));
  });

  it('reopening reads what is there and cuts a torn last line', () => {
    const file = join(dir, 'wal.jsonl');
    writeFileSync(file, `${JSON.stringify(record(0))}\n${JSON.stringify(record(1)).slice(0, 20)}`);
    const log = new ExecutionLog(file, false);
    assert.deepEqual(log.existing.map((r) => (r.kind === 'exec' ? r.id : '')), ['c:0']);
    void log.append(record(1));
    log.close();
    assert.deepEqual(parseLogRecords(readFileSync(file, 'utf8')).records.length, 2);
  });
});
