/** `pause`: SIGSTOP the node's process (Target.pause), then SIGCONT (Target.resume) after the fault's duration. */
import type { FaultPackage } from './fault-package.js';
import { chooseProcessTargets, type ProcessFaultParams } from './process-targets.js';

export const pauseFault: FaultPackage<ProcessFaultParams> = {
  name: 'pause',
  description: 'pause one node or all of them (SIGSTOP), resume them after a while (SIGCONT)',
  lane: 'process',
  needs: ['pause'],
  shade: '#5b8e7d',
  requires: ['pause', 'resume'],
  plan: chooseProcessTargets,
  async start({ run, target }, { nodes }) {
    await Promise.all(nodes.map((node) => target.pause!(run, node)));
  },
  async stop({ run, target }, { nodes }) {
    await Promise.all(nodes.map((node) => target.resume!(run, node)));
  },
};
