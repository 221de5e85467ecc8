/**
 * Which operations the server under test serves, when the test says so (`--ops read,write` of
 * the command target, `targetOptions.ops` in a test file): a server without cas still gets a
 * read/write register test. No list means every operation of the workload.
 */
import type { TestSpec } from '../harness/spec.js';

export function servesOp(spec: TestSpec, f: string): boolean {
  const ops = spec.targetOptions?.ops;
  return !Array.isArray(ops) || ops.length === 0 || ops.includes(f);
}
