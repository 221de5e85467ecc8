/**
 * Runtimes by name (TestSpec.runtime), each with what it can carry (runtime-abilities.ts): the
 * one place that says which faults reach which traffic where. `harness test` refuses a fault
 * the chosen runtime cannot carry before the run starts; --help and `harness list` print it.
 */
import type { Address, Runtime } from '../interfaces.js';
import type { TestSpec } from '../spec.js';
import { UsageError } from '../exit-codes.js';
import { LocalRuntime } from './local-runtime.js';
import { DockerRuntime } from './docker-runtime.js';
import { NetnsRuntime } from './netns-runtime.js';
import { userImageOf } from './docker/user-image.js';
import { SshRuntime, sshOptionsProblem } from './ssh-runtime.js';
import { netnsUnavailableReason } from './netns/availability.js';
import { canCarry, describeCarries, type RuntimeCarries, type Transport } from './runtime-abilities.js';

export interface RuntimeDefinition {
  name: string;
  description: string;
  carries: RuntimeCarries;
  /**
   * addressOf gives each link its own address (local: the link's proxy), so network faults
   * cannot reach a target whose nodes must all name a peer by one address (needsOneAddressPerNode).
   */
  addressesPerLink: boolean;
  /** Why it cannot run on this machine (synchronous checks only), or undefined. */
  unavailableReason(): string | undefined;
  /** What the spec lacks for this runtime (e.g. ssh's hosts), checked before the run starts; undefined when nothing. */
  optionsProblem?(spec: TestSpec): string | undefined;
  /** A fresh, not yet set up runtime for one run; runDir is the run's store folder (what it creates is recorded there). */
  create(spec: TestSpec, runDir: string): Runtime;
}

/** iptables inside the nodes' network namespaces: any transport, no netem here so no delay. */
const kernelFirewallCarries: RuntimeCarries = {
  network: { partition: ['udp', 'tcp'], loss: ['udp', 'tcp'], delay: [] },
  crash: true,
  pause: true,
  targeted: true,
};

export const runtimes: Record<string, RuntimeDefinition> = {
  local: {
    name: 'local',
    description: 'every node on 127.0.0.1, a userspace UDP and TCP proxy on every link (no root)',
    carries: { network: { partition: ['udp', 'tcp'], loss: ['udp', 'tcp'], delay: ['udp', 'tcp'] }, crash: true, pause: true, targeted: true },
    addressesPerLink: true,
    unavailableReason: () => undefined,
    create: () => new LocalRuntime(),
  },
  netns: {
    name: 'netns',
    description: 'a network namespace per node behind a bridge, iptables faults (root, Linux)',
    carries: kernelFirewallCarries,
    addressesPerLink: false,
    unavailableReason: netnsUnavailableReason,
    create: (_spec, runDir) => new NetnsRuntime({ runDir }),
  },
  docker: {
    name: 'docker',
    description: 'a container per node on a network of the run, iptables faults in each container (root; a Docker engine: harness setup --docker)',
    carries: kernelFirewallCarries,
    addressesPerLink: false,
    unavailableReason: netnsUnavailableReason,
    create: (spec, runDir) => new DockerRuntime({ runDir, image: userImageOf(spec) }),
  },
  ssh: {
    name: 'ssh',
    description: 'every node a host over SSH (--hosts, --ssh-key; root there), iptables faults and signals on the host, logs collected back',
    carries: kernelFirewallCarries,
    addressesPerLink: false,
    unavailableReason: () => undefined,
    optionsProblem: sshOptionsProblem,
    create: (_spec, runDir) => new SshRuntime({ runDir }),
  },
};

/** The runtime's entry; a UsageError names the known ones otherwise. */
export function runtimeDefinition(name: string): RuntimeDefinition {
  const definition = runtimes[name];
  if (definition === undefined) throw new UsageError(`unknown runtime '${name}' (known: ${Object.keys(runtimes).join(', ')})`);
  return definition;
}

/** The runtime named by the spec; a UsageError names the known ones otherwise. */
export function createRuntime(spec: TestSpec, runDir: string): Runtime {
  return runtimeDefinition(spec.runtime).create(spec, runDir);
}

/** 'name: description; carries ...' for each runtime, for --help and `harness list`. */
export function describeRuntimes(): string[] {
  return Object.values(runtimes).map((r) => `${r.name}: ${r.description}; carries ${describeCarries(r.carries)}`);
}

/**
 * Where `from` sends `transport` traffic to reach `to`: through the runtime's links when its
 * faults reach that transport, else straight to the node's own listen address (unfaulted;
 * network faults on such a runtime are refused before the run starts).
 */
export function addressOverTransport(runtime: Runtime, transport: Transport, from: string, to: string, port = 0): Address {
  const carries = runtimes[runtime.name]?.carries;
  const linked = carries === undefined || canCarry(carries, 'partition', transport) || canCarry(carries, 'loss', transport);
  return linked ? runtime.addressOf(from, to, port) : runtime.listenAddress(to, port);
}
