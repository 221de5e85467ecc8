import assert from 'node:assert/strict';
import { parseJsonl } from '../../../harness/history/jsonl.js';
import { badInputOf } from './parse-error.js';

const strict = { tornLastLine: 'error' } as const;
const whole = '{"process":0,"type":"invoke","f":"read"}\n';

describe('jsonl reader', () => {
  it('reads the DESIGN.md events, skipping blank lines, re-indexing densely and recording lines', () => {
    const text = [
      '{"index":12,"timeNs":183002113,"process":3,"type":"invoke","f":"write","value":4}',
      '',
      '{"index":13,"timeNs":190551002,"process":3,"type":"ok","f":"write","value":4,"node":"n1"}',
      '{"index":14,"timeNs":191000000,"process":"nemesis","type":"info","f":"start-partition","value":{"n1":["n2","n3"]}}',
      '{"timeNs":192000000,"process":4,"type":"invoke","f":"read"}',
      '{"timeNs":193000000,"process":4,"type":"info","f":"read","value":null,"error":"timed-out"}',
    ].join('\r\n');
    assert.deepEqual(parseJsonl(text, 'h.jsonl', strict).events, [
      { index: 0, timeNs: 183002113, process: 3, type: 'invoke', f: 'write', value: 4, line: 1 },
      { index: 1, timeNs: 190551002, process: 3, type: 'ok', f: 'write', value: 4, node: 'n1', line: 3 },
      { index: 2, timeNs: 191000000, process: 'nemesis', type: 'info', f: 'start-partition', value: { n1: ['n2', 'n3'] }, line: 4 },
      { index: 3, timeNs: 192000000, process: 4, type: 'invoke', f: 'read', value: null, line: 5 },
      { index: 4, timeNs: 193000000, process: 4, type: 'info', f: 'read', value: null, error: 'timed-out', line: 6 },
    ]);
  });

  it('rejects malformed lines with file:line and what is wrong', () => {
    const good = '{"timeNs":1,"process":0,"type":"invoke","f":"read","value":null}\n';
    const cases: [string, string][] = [
      ['{"timeNs":2,"process":0,"type":"done","f":"read"}', 'h.jsonl:2: expected "type" to be one of invoke/ok/fail/info, got "done"'],
      ['{"timeNs":2,"process":0,"type":"ok","f":"read"', 'h.jsonl:2: not valid JSON: '],
      ['[1,2]', 'h.jsonl:2: expected a JSON object (one event), got [1,2]'],
      ['{"timeNs":2,"process":1.5,"type":"ok","f":"read"}', 'h.jsonl:2: expected "process" to be an integer (a client) or a string such as "nemesis", got 1.5'],
      ['{"timeNs":2,"process":0,"type":"ok"}', 'h.jsonl:2: expected "f" to be a non-empty string, got nothing (the field is missing)'],
      ['{"timeNs":-2,"process":0,"type":"ok","f":"read"}', 'h.jsonl:2: expected "timeNs" to be a number of nanoseconds >= 0, got -2'],
      ['{"timeNs":2,"process":0,"type":"ok","f":"read","error":{"x":1}}', 'h.jsonl:2: expected "error" to be a string, got {"x":1}'],
      ['{"timeNs":2,"process":0,"type":"ok","f":"read","optional":true}', 'h.jsonl:2: expected "optional" to be true, on an info event only, got true on "ok"'],
    ];
    // On an info it is read and kept.
    assert.equal(parseJsonl(`${good}{"timeNs":2,"process":0,"type":"info","f":"read","optional":true}\n`, 'h.jsonl', strict).events[1]!.optional, true);
    for (const [line, message] of cases) {
      const error = badInputOf(() => parseJsonl(`${good}${line}\n`, 'h.jsonl', strict));
      assert.ok(error.message.startsWith(message), `${error.message}\n  does not start with\n${message}`);
      assert.equal(error.line, 2);
    }
  });

  it('with tornLastLine error, says when the last line looks cut short by a crash', () => {
    const error = badInputOf(() => parseJsonl(`${whole}{"process":0,"ty`, 'h.jsonl', strict));
    assert.match(error.message, /^h\.jsonl:2: not valid JSON \(the last line has no newline: a write cut short by a crash\? delete the line to check the rest\)/);
  });

  it('with tornLastLine drop, leaves out only a last line that has no newline and does not parse, and says which', () => {
    const torn = parseJsonl(`${whole}\n{"process":0,"ty`, 'h.jsonl', { tornLastLine: 'drop' });
    assert.deepEqual(torn.events.map((e) => e.line), [1]);
    assert.equal(torn.tornLastLine, 3);
    // A last line without newline that parses is whole; a bad line followed by a newline is malformed, not torn.
    const unterminated = parseJsonl(`${whole}{"process":0,"type":"ok","f":"read","value":1}`, 'h.jsonl', { tornLastLine: 'drop' });
    assert.deepEqual([unterminated.events.length, unterminated.tornLastLine], [2, undefined]);
    assert.equal(badInputOf(() => parseJsonl(`${whole}{"process":0,"ty\n`, 'h.jsonl', { tornLastLine: 'drop' })).line, 2);
    assert.equal(badInputOf(() => parseJsonl(`{"process":0,"ty\n${whole}{"process":0,"ty`, 'h.jsonl', { tornLastLine: 'drop' })).line, 1);
  });

  it('reads an empty file as an empty history', () => {
    assert.deepEqual(parseJsonl('', 'h.jsonl', strict), { events: [], tornLastLine: undefined });
    assert.deepEqual(parseJsonl('\n\n', 'h.jsonl', strict), { events: [], tornLastLine: undefined });
  });
});
