/**
 * The run loop's linearizability checkers: the harness's own history checked with the model
 * its workload needs (register workload: one cas-register per key; kv workload: the kv model,
 * per key). Registered as 'linearizable' and 'linearizable-kv' in checkers/registry.ts.
 */
import type { Checker } from '../harness/interfaces.js';
import { checkLinearizability } from './linearizability/check.js';
import { keyedCasRegisterModel } from './models/keyed-cas-register.js';
import { kvModel } from './models/kv.js';

/** How long the linearizability search may take before it answers 'unknown', ms. */
export const linearizableTimeoutMs = 120_000;

/** Read / write / cas on [key, v]: one cas-register per key, every key starting null. */
export const linearizableChecker: Checker = (_spec, history, context) => checkLinearizability(history, keyedCasRegisterModel(), { timeoutMs: context.searchTimeoutMs ?? linearizableTimeoutMs });

/** Get / put / append on [key, v]: the kv model per key, keys starting as "". */
export const kvLinearizableChecker: Checker = (_spec, history, context) => ({
  ...checkLinearizability(history, kvModel(), { timeoutMs: context.searchTimeoutMs ?? linearizableTimeoutMs }),
  checker: 'linearizable-kv',
});
