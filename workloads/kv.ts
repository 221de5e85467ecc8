import type { Checker } from '../checkers/checker.js';
import { checkLinearizability } from '../checkers/linearizability/check.js';
import { kvModel } from '../checkers/models/kv.js';
import type { Op } from '../harness/interfaces.js';
import type { TestSpec } from '../harness/spec.js';
import { servesOp } from './served-ops.js';
import type { Workload } from './workload.js';

/** Keys the kv workload spreads its operations over (Jepsen's independent keys). */
export const kvKeys = ['k0', 'k1', 'k2'] as const;
/** Operations it issues; the first is the read the checker learns the state from. */
export const kvOps = ['get', 'put', 'append'] as const;

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
    const put = servesOp(spec, 'put');
    const append = servesOp(spec, 'append') && !readWriteOnlyTargets.has(spec.target);
    if (choice < 0.5 || (!put && !append)) return { f: 'get', value: [key, null] };
    if ((choice < 0.75 && put) || !append) return { f: 'put', value: [key, token] };
    return { f: 'append', value: [key, `,${token}`] };
  },
  finalOps(): Op[] {
    return kvKeys.map((key) => ({ f: 'get', value: [key, null] }));
  },
};

/** How long the kv linearizability search may take before it answers 'unknown', ms. */
export const kvLinearizableTimeoutMs = 120_000;

/** Linearizability per key with the kv model (keys start as ""); registered as 'linearizable-kv'. */
export const kvLinearizableChecker: Checker = (_spec, history) => ({
  ...checkLinearizability(history, kvModel(), { timeoutMs: kvLinearizableTimeoutMs }),
  checker: 'linearizable-kv',
});
