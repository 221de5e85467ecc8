/**
 * A target whose nodes must all name a peer by one and the same address (etcd's
 * --initial-cluster) cannot have its traffic cut per link on a runtime that gives each link its
 * own address (local's proxies): refuse network faults there before the run, with the target's
 * reason and the runtimes that can.
 */
import { UsageError } from '../exit-codes.js';
import { networkAbilities, type FaultNeeds } from './runtime-abilities.js';

export function refuseFaultsNeedingOneAddress(
  runtime: { name: string; addressesPerLink: boolean },
  target: { name: string; needsOneAddressPerNode?: string },
  faults: readonly FaultNeeds[],
  allRuntimes: readonly { name: string; addressesPerLink: boolean }[],
): void {
  if (!runtime.addressesPerLink || target.needsOneAddressPerNode === undefined) return;
  const network = faults.filter((fault) => fault.needs.some((ability) => (networkAbilities as readonly string[]).includes(ability)));
  if (network.length === 0) return;
  const others = allRuntimes.filter((r) => !r.addressesPerLink).map((r) => r.name);
  throw new UsageError(
    `target ${target.name} on --runtime ${runtime.name}: --nemesis ${network.map((f) => f.name).join(',')} cannot reach it: ${target.needsOneAddressPerNode}` +
      `${others.length > 0 ? ` (--runtime ${others.join(' or ')} can)` : ''}`,
  );
}
