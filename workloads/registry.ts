/** Workloads by name (CLI --workload). Each workload adds one import and one entry here. */
import { UsageError } from '../harness/exit-codes.js';
import { bankWorkload } from './bank.js';
import { kvWorkload } from './kv.js';
import { listAppendWorkload } from './list-append.js';
import { rwRegisterWorkload } from './rw-register.js';
import { ledgerWorkload } from './ledger.js';
import { maelstromWorkloads } from './maelstrom/registry.js';
import { registerWorkload } from './register.js';
import type { Workload } from '../harness/interfaces.js';

export const workloads: Readonly<Record<string, Workload>> = {
  [registerWorkload.name]: registerWorkload,
  [ledgerWorkload.name]: ledgerWorkload,
  [kvWorkload.name]: kvWorkload,
  [listAppendWorkload.name]: listAppendWorkload,
  [rwRegisterWorkload.name]: rwRegisterWorkload,
  [bankWorkload.name]: bankWorkload,
  ...maelstromWorkloads,
};

export function workloadByName(name: string): Workload {
  const workload = workloads[name];
  if (workload === undefined) throw new UsageError(`unknown workload '${name}' (known: ${Object.keys(workloads).sort().join(', ')})`);
  return workload;
}
