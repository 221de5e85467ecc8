import type { Op, Workload } from '../harness/interfaces.js';
import type { TestSpec } from '../harness/spec.js';

/** Keys the register workload spreads its operations over (Jepsen's independent keys). */
export const registerKeys = ['k0', 'k1', 'k2'] as const;
/** Values written and compared are small integers, so cas operations often succeed. */
export const registerValueCount = 5;

/**
 * read / write / cas on a few keys, value [key, v] (Jepsen's independent tuple):
 * read [key, null], write [key, v], cas [key, [from, to]]. Checked per key by the
 * linearizability checker with a cas-register model.
 */
export const registerWorkload: Workload = {
  name: 'register',
  description: 'read, write and compare-and-set on a few keys; checked for linearizability per key',
  checkers: ['linearizable'],
  ops: ['read', 'write', 'cas'],
  // A plain quorum store cannot make cas linearizable and does not serve it: writes instead.
  optionalOps: ['cas'],
  nextOp(_spec: TestSpec, rng: () => number, _processId: number, _opIndex: number, served?: ReadonlySet<string>): Op {
    const key = registerKeys[Math.floor(rng() * registerKeys.length)];
    const choice = rng();
    const value = () => Math.floor(rng() * registerValueCount);
    if (choice < 0.5) return { f: 'read', value: [key, null] };
    if (choice < 0.8 || served?.has('cas') === false) return { f: 'write', value: [key, value()] };
    return { f: 'cas', value: [key, [value(), value()]] };
  },
  finalOps(): Op[] {
    return registerKeys.map((key) => ({ f: 'read', value: [key, null] }));
  },
};
