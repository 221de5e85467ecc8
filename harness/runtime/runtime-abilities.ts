/**
 * What a runtime can carry, as data on its registry entry (harness/runtime/registry.ts), and
 * the one check that refuses, before a run starts, a fault the runtime cannot deliver to the
 * target's traffic. Targets say which transport they speak, fault packages say which ability
 * they need; nothing compares runtime names.
 */
import { UsageError } from '../exit-codes.js';

/** Abilities a fault may need from the runtime (FaultPackage.needs). */
export type RuntimeAbility = 'partition' | 'loss' | 'delay' | 'crash' | 'pause' | 'targeted';
export const networkAbilities = ['partition', 'loss', 'delay'] as const;
export type NetworkAbility = (typeof networkAbilities)[number];

/** What a target's nodes and clients speak; network faults reach a transport only if the runtime carries it. */
export type Transport = 'udp' | 'tcp';

export interface RuntimeCarries {
  /** Per network fault, the transports it reaches (local: the UDP proxies; netns: iptables, any transport). */
  network: Record<NetworkAbility, readonly Transport[]>;
  /** kill -9 and restart, SIGSTOP / SIGCONT (or the container engine's equivalents). */
  crash: boolean;
  pause: boolean;
  /** Faults aimed at the node the target names as primary at that moment. */
  targeted: boolean;
}

/** One line for `harness list` and --help: 'partition (udp, tcp), loss (udp, tcp), crash, pause, targeted'. */
export function describeCarries(carries: RuntimeCarries): string {
  const parts: string[] = [];
  for (const ability of networkAbilities) {
    const transports = carries.network[ability];
    if (transports.length > 0) parts.push(`${ability} (${transports.join(', ')})`);
  }
  for (const ability of ['crash', 'pause', 'targeted'] as const) if (carries[ability]) parts.push(ability);
  return parts.join(', ') || 'no faults';
}

/**
 * Whether `carries` has `ability` for a target speaking `transport`. 'none' is an in-process
 * target (noop): faults are applied to the runtime's links all the same and reach nothing, by
 * design (the run loop's tests and benchmarks exercise the fault schedule that way).
 */
export function canCarry(carries: RuntimeCarries, ability: RuntimeAbility, transport: Transport | 'none'): boolean {
  if (ability === 'partition' || ability === 'loss' || ability === 'delay') {
    return transport === 'none' ? carries.network[ability].length > 0 : carries.network[ability].includes(transport);
  }
  return carries[ability];
}

export interface FaultNeeds {
  name: string;
  needs: readonly RuntimeAbility[];
}

/**
 * Refuse (UsageError, exit 64) every fault in `faults` that needs an ability the runtime lacks
 * for this transport; the message names the runtimes that do carry it, from their entries.
 */
export function refuseUncarriedFaults(
  runtime: { name: string; carries: RuntimeCarries },
  transport: Transport | 'none',
  faults: readonly FaultNeeds[],
  allRuntimes: readonly { name: string; carries: RuntimeCarries }[],
  targetName: string,
): void {
  const refused = faults
    .map((fault) => ({ fault, missing: fault.needs.filter((ability) => !canCarry(runtime.carries, ability, transport)) }))
    .filter(({ missing }) => missing.length > 0);
  if (refused.length === 0) return;
  const lines = refused.map(({ fault, missing }) => {
    const others = allRuntimes.filter((r) => missing.every((ability) => canCarry(r.carries, ability, transport))).map((r) => r.name);
    const over = transport === 'none' ? '' : ` over ${transport}`;
    return `--nemesis ${fault.name} needs ${missing.join(' and ')}${over}, which the ${runtime.name} runtime cannot carry${others.length > 0 ? ` (--runtime ${others.join(' or ')} can)` : ''}`;
  });
  throw new UsageError(`target ${targetName} on --runtime ${runtime.name}: ${lines.join('; ')}`);
}
