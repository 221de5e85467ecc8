import assert from 'node:assert/strict';
import { UsageError } from '../../harness/exit-codes.js';
import { parseSeedList } from '../../harness/seed-list.js';

describe('parseSeedList (--seeds)', () => {
  it('takes N, N..M, N-M and lists of these, in the order given, without repeats', () => {
    assert.deepEqual(parseSeedList('7'), [7]);
    assert.deepEqual(parseSeedList('1..5'), [1, 2, 3, 4, 5]);
    assert.deepEqual(parseSeedList('3-5'), [3, 4, 5]);
    assert.deepEqual(parseSeedList('9, 1..3,2,20-21'), [9, 1, 2, 3, 20, 21]);
  });

  it('names the bad part in a usage error', () => {
    for (const [text, part] of [['', 'empty'], ['1,,2', 'empty'], ['5..1', 'backwards'], ['a', "'a'"], ['1.5', "'1.5'"], ['-3', "'-3'"], ['3000000000', 'largest seed']] as const) {
      assert.throws(() => parseSeedList(text), (error: unknown) => error instanceof UsageError && error.message.includes(part) && error.message.includes('--seeds'), text);
    }
  });

  it('refuses a list that runs into the hundreds of thousands', () => {
    assert.throws(() => parseSeedList('1..1000000'), UsageError);
  });
});
