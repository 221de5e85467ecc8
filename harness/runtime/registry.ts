/**
 * Runtimes by name (TestSpec.runtime). 'local' needs no root; 'netns' (network namespaces +
 * iptables, root) is added here by its own module.
 */
import type { Runtime } from '../interfaces.js';
import type { TestSpec } from '../spec.js';
import { UsageError } from '../exit-codes.js';
import { LocalRuntime } from './local-runtime.js';
import { NetnsRuntime } from './netns-runtime.js';

export interface RuntimeDefinition {
  name: TestSpec['runtime'];
  description: string;
  /** A fresh, not yet set up runtime for one run; runDir is the run's store folder (netns records what it creates there). */
  create(spec: TestSpec, runDir: string): Runtime;
}

export const runtimes: Record<string, RuntimeDefinition> = {
  local: {
    name: 'local',
    description: 'every node on 127.0.0.1, a userspace UDP and TCP proxy on every link (no root)',
    create: () => new LocalRuntime(),
  },
  netns: {
    name: 'netns',
    description: 'a network namespace per node behind a bridge, iptables faults (root, Linux; no delay)',
    create: (_spec, runDir) => new NetnsRuntime({ runDir }),
  },
};

/** The runtime named by the spec; a UsageError names the known ones otherwise. */
export function createRuntime(spec: TestSpec, runDir: string): Runtime {
  const definition = runtimes[spec.runtime];
  if (definition === undefined) {
    throw new UsageError(`unknown runtime '${spec.runtime}' (known: ${Object.keys(runtimes).join(', ')})`);
  }
  return definition.create(spec, runDir);
}
