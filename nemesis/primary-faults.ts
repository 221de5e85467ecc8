/**
 * Faults aimed at the primary (Jepsen's :primaries targets): `partition-primary`,
 * `crash-primary`, `pause-primary`. A failover is where replication bugs hide (acknowledged
 * writes the backups never got, a deposed primary that keeps serving), and a fault that hits
 * a backup, or cuts every link at once, often leaves the primary alone. So these ask the target
 * who its primary is (Target.primary) at the moment the fault starts, and hit that node.
 *
 * The schedule stays a pure function of the seed: each fault plans a fallback node from the
 * seed (used when the target cannot tell, e.g. no node answers), and the node actually hit is
 * resolved at start and recorded in the history event: `primary` = that node, `chosenBy` =
 * 'target' (the nodes named it) or 'seed' (the fallback).
 */
import { crashFault } from './crash.js';
import type { FaultContext, FaultPackage } from './fault-package.js';
import { partitionFault } from './partition.js';
import { isolate, type Partition, type Rng } from './partitions.js';
import { pauseFault } from './pause.js';
import type { ProcessFaultParams } from './process-targets.js';

/** How long the nemesis waits for the target to name its primary before using the fallback. */
export const primaryLookupTimeoutMs = 1000;

/** Which node a targeted fault hits and who chose it: planned as the seed's fallback, resolved at start. */
export interface PrimaryChoice {
  primary: string;
  chosenBy: 'target' | 'seed';
}

export type PrimaryPartition = Partition & Partial<PrimaryChoice>;
export type PrimaryProcessFault = ProcessFaultParams & PrimaryChoice;

/** The node to hit: the target's primary if it names one of the test's nodes in time, else `fallback`. */
export async function choosePrimary(context: FaultContext, fallback: string): Promise<PrimaryChoice> {
  const nodes = context.run.spec.nodes;
  let named: string | undefined;
  try {
    named = await withTimeout(context.target.primary?.(context.run), primaryLookupTimeoutMs);
  } catch (error) {
    context.run.log.warn('the target could not name its primary; the fault hits the seeded fallback node', {
      fallback,
      error: error instanceof Error ? error.message : String(error),
    });
  }
  if (named !== undefined && nodes.includes(named)) return { primary: named, chosenBy: 'target' };
  return { primary: fallback, chosenBy: 'seed' };
}

function seededChoice(nodes: readonly string[], rng: Rng): PrimaryChoice {
  if (nodes.length === 0) throw new Error('a fault aimed at the primary needs at least one node');
  return { primary: nodes[Math.floor(rng() * nodes.length)]!, chosenBy: 'seed' };
}

export const partitionPrimaryFault: FaultPackage<PrimaryPartition> = {
  ...partitionFault,
  name: 'partition-primary',
  description: "network partition that isolates the target's current primary from every other node (its clients still reach it)",
  shade: '#f08a4b',
  requires: ['primary'],
  needs: [...partitionFault.needs, 'targeted'],
  plan(nodes, rng) {
    // A single node: the cut from its clients is the only partition there is.
    if (nodes.length === 1) return partitionFault.plan(nodes, rng);
    const choice = seededChoice(nodes, rng);
    return { ...isolate(nodes, choice.primary), ...choice };
  },
  async resolve(context, planned) {
    if (planned.primary === undefined) return planned;
    const choice = await choosePrimary(context, planned.primary);
    return { ...isolate(context.run.spec.nodes, choice.primary), ...choice };
  },
};

/** crash-primary and pause-primary: the process fault, aimed at one node, the primary. */
function processFaultAtPrimary(base: FaultPackage<ProcessFaultParams>, name: string, description: string, shade: string): FaultPackage<PrimaryProcessFault> {
  return {
    ...base,
    name,
    description,
    shade,
    requires: [...base.requires, 'primary'],
    needs: [...base.needs, 'targeted'],
    plan(nodes, rng) {
      const choice = seededChoice(nodes, rng);
      return { nodes: [choice.primary], ...choice };
    },
    async resolve(context, planned) {
      const choice = await choosePrimary(context, planned.primary);
      return { nodes: [choice.primary], ...choice };
    },
  };
}

export const crashPrimaryFault = processFaultAtPrimary(crashFault, 'crash-primary', "kill -9 the target's current primary, restart it after a while (disk state kept)", '#b23a48');
export const pausePrimaryFault = processFaultAtPrimary(pauseFault, 'pause-primary', "pause the target's current primary (SIGSTOP), resume it after a while (SIGCONT)", '#7fb3a0');

async function withTimeout<T>(promise: Promise<T> | undefined, timeoutMs: number): Promise<T | undefined> {
  if (promise === undefined) return undefined;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), timeoutMs)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
