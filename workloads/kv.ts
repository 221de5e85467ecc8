import type { Op } from '../harness/interfaces.js';
import type { TestSpec } from '../harness/spec.js';
import type { Workload } from './workload.js';

/** Keys the kv workload spreads its operations over (Jepsen's independent keys). */
export const kvKeys = ['k0', 'k1', 'k2'] as const;

/**
 * Targets that serve plain reads and writes only: read-modify-write operations (cas, append)
 * cannot be made linearizable on a plain quorum store (see targets/quorum/quorum-replica.ts),
 * so the register workload sends them read/write and the kv workload get/put.
 */
export const readWriteOnlyTargets: ReadonlySet<string> = new Set(['quorum']);

/**
 * get / put / append of strings on a few keys, value [key, v] (keys start as ""). Every
 * written string is unique (process and op index), so a read names the writes it saw and
 * the linearizability checker (kv model, split per key) has little to guess.
 */
export const kvWorkload: Workload = {
  name: 'kv',
  description: 'get, put and append of unique strings on a few keys; checked for linearizability per key (kv model)',
  checkers: ['linearizable-kv'],
  nextOp(spec: TestSpec, rng: () => number, processId: number, opIndex: number): Op {
    const key = kvKeys[Math.floor(rng() * kvKeys.length)]!;
    const choice = rng();
    const token = `${processId}.${opIndex}`;
    if (choice < 0.5) return { f: 'get', value: [key, null] };
    if (choice < 0.75 || readWriteOnlyTargets.has(spec.target)) return { f: 'put', value: [key, token] };
    return { f: 'append', value: [key, `,${token}`] };
  },
  finalOps(): Op[] {
    return kvKeys.map((key) => ({ f: 'get', value: [key, null] }));
  },
};
