import type { Op, Workload } from '../harness/interfaces.js';
import type { TestSpec } from '../harness/spec.js';

/** Keys the kv workload spreads its operations over (Jepsen's independent keys). */
export const kvKeys = ['k0', 'k1', 'k2'] as const;

/**
 * get / put / append of strings on a few keys, value [key, v] (keys start as ""). Every
 * written string is unique (process and op index), so a read names the writes it saw and
 * the linearizability checker (kv model, split per key) has little to guess.
 */
export const kvWorkload: Workload = {
  name: 'kv',
  description: 'get, put and append of unique strings on a few keys; checked for linearizability per key (kv model)',
  checkers: ['linearizable-kv'],
  ops: ['get', 'put', 'append'],
  // A plain quorum store cannot make append linearizable and does not serve it: puts instead.
  optionalOps: ['append'],
  nextOp(_spec: TestSpec, rng: () => number, processId: number, opIndex: number, served?: ReadonlySet<string>): Op {
    const key = kvKeys[Math.floor(rng() * kvKeys.length)]!;
    const choice = rng();
    const token = `${processId}.${opIndex}`;
    if (choice < 0.5) return { f: 'get', value: [key, null] };
    if (choice < 0.75 || served?.has('append') === false) return { f: 'put', value: [key, token] };
    return { f: 'append', value: [key, `,${token}`] };
  },
  finalOps(): Op[] {
    return kvKeys.map((key) => ({ f: 'get', value: [key, null] }));
  },
};
