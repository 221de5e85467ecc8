/** `partition`: cut the network along a seeded partition (isolate, halves, majority ring; one node: cut the clients off). */
import type { FaultPackage } from './fault-package.js';
import { randomPartition, type Partition } from './partitions.js';

export const partitionFault: FaultPackage<Partition> = {
  name: 'partition',
  description: 'network partition: isolate one node, split in halves, or a majority ring; a single node is cut off from the clients',
  lane: 'partition',
  needs: ['partition'],
  shade: '#e4572e',
  requires: [],
  plan: (nodes, rng) => randomPartition(nodes, rng),
  start: ({ run, network }, partition) => network.setBlocked(run.runtime, partition.blocked),
  stop: ({ run, network }) => network.setBlocked(run.runtime, {}),
};
