/** Test helper: the BadInputError a parse throws. */
import assert from 'node:assert/strict';
import { BadInputError } from '../../../harness/exit-codes.js';

export function badInputOf(parse: () => unknown): BadInputError {
  try {
    parse();
  } catch (error) {
    assert.ok(error instanceof BadInputError, `expected a BadInputError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the input to be rejected');
}
