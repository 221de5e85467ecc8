import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HistoryEvent } from '../../../harness/event.js';
import { HistoryWriter } from '../../../harness/history/history-writer.js';
import { parseJsonl } from '../../../harness/history/jsonl.js';

describe('HistoryWriter', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'history-writer-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const events: HistoryEvent[] = [
    { index: 0, timeNs: 10, process: 0, type: 'invoke', f: 'cas', value: [1, 2] },
    { index: 1, timeNs: 20, process: 'nemesis', type: 'info', f: 'start-partition', value: { n1: ['n2'] } },
    { index: 2, timeNs: 30, process: 0, type: 'info', f: 'cas', value: [1, 2], error: 'timed-out', node: 'n1' },
  ];

  it('writes one JSON line an event that the jsonl reader reads back unchanged', () => {
    const path = join(dir, 'history.jsonl');
    const writer = new HistoryWriter(path);
    for (const event of events) writer.append(event);
    assert.equal(writer.count, 3);
    writer.close();
    writer.close(); // safe twice
    const text = readFileSync(path, 'utf8');
    assert.equal(text.split('\n').length, 4);
    assert.deepEqual(
      parseJsonl(text, path, { tornLastLine: 'error' }).events.map(({ line: _line, ...event }) => event),
      events,
    );
    assert.throws(() => writer.append(events[0]!), /append after close/);
  });

  it('appends to an existing file and does not store a reader line number', () => {
    const path = join(dir, 'history.jsonl');
    new HistoryWriter(path).close();
    const writer = new HistoryWriter(path, { fsync: true });
    writer.append({ ...events[0]!, line: 99 });
    writer.close();
    assert.equal(readFileSync(path, 'utf8'), '{"index":0,"timeNs":10,"process":0,"type":"invoke","f":"cas","value":[1,2]}\n');
  });

  it('loses no event when the process is killed right after append (SIGKILL, no close)', () => {
    const path = join(dir, 'history.jsonl');
    const writerModule = fileURLToPath(new URL('../../../harness/history/history-writer.js', import.meta.url));
    const script = `
      const { HistoryWriter } = await import(${JSON.stringify(writerModule)});
      const writer = new HistoryWriter(${JSON.stringify(path)});
      for (let i = 0; i < 100; i++) writer.append({ index: i, timeNs: i, process: i % 5, type: i % 2 ? 'ok' : 'invoke', f: 'write', value: i - (i % 2) });
      process.kill(process.pid, 'SIGKILL');`;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { timeout: 30_000 });
    assert.equal(child.signal, 'SIGKILL', String(child.stderr));
    const { events: read } = parseJsonl(readFileSync(path, 'utf8'), path, { tornLastLine: 'error' });
    assert.equal(read.length, 100);
    assert.deepEqual(read[99], { index: 99, timeNs: 99, process: 4, type: 'ok', f: 'write', value: 98, line: 100 });
  });
});
