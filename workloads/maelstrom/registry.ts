/** The Maelstrom workloads by Maelstrom's names (doc/workloads.md); workloads/registry.ts spreads these in. */
import { broadcastWorkload } from './broadcast.js';
import { gCounterWorkload, pnCounterWorkload } from './counters.js';
import { echoWorkload } from './echo.js';
import { gSetWorkload } from './g-set.js';
import { kafkaWorkload } from './kafka.js';
import { linKvWorkload } from './lin-kv.js';
import type { MaelstromWorkload } from './maelstrom-workload.js';
import { txnListAppendWorkload, txnRwRegisterWorkload } from './txn.js';
import { uniqueIdsWorkload } from './unique-ids.js';

export const maelstromWorkloads: Readonly<Record<string, MaelstromWorkload>> = Object.fromEntries(
  [echoWorkload, uniqueIdsWorkload, broadcastWorkload, gSetWorkload, gCounterWorkload, pnCounterWorkload, linKvWorkload, kafkaWorkload, txnListAppendWorkload, txnRwRegisterWorkload].map((w) => [w.name, w]),
);

/** Every operation some Maelstrom workload sends (what the maelstrom target serves). */
export const maelstromOps: readonly string[] = [...new Set(Object.values(maelstromWorkloads).flatMap((w) => w.ops))];
