/** The Maelstrom workloads by Maelstrom's names (doc/workloads.md); workloads/registry.ts spreads these in. */
import { broadcastWorkload } from './broadcast.js';
import { gCounterWorkload, pnCounterWorkload } from './counters.js';
import { echoWorkload } from './echo.js';
import { gSetWorkload } from './g-set.js';
import { kafkaWorkload } from './kafka.js';
import { linKvWorkload } from './lin-kv.js';
import type { MaelstromWorkload } from './maelstrom-workload.js';
import { uniqueIdsWorkload } from './unique-ids.js';

export const maelstromWorkloads: Readonly<Record<string, MaelstromWorkload>> = Object.fromEntries(
  [echoWorkload, uniqueIdsWorkload, broadcastWorkload, gSetWorkload, gCounterWorkload, pnCounterWorkload, linKvWorkload, kafkaWorkload].map((w) => [w.name, w]),
);
