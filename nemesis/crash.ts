/** `crash`: kill -9 the node's process (Target.kill), then after the fault's duration Target.start; disk state is kept. */
import type { FaultPackage } from './fault-package.js';
import { chooseProcessTargets, type ProcessFaultParams } from './process-targets.js';

export const crashFault: FaultPackage<ProcessFaultParams> = {
  name: 'crash',
  description: 'kill -9 one node or all of them, restart them after a while (disk state kept)',
  lane: 'process',
  needs: ['crash'],
  shade: '#8c2f39',
  requires: ['kill', 'start'],
  plan: chooseProcessTargets,
  async start({ run, target }, { nodes }) {
    await Promise.all(nodes.map((node) => target.kill!(run, node)));
  },
  async stop({ run, target }, { nodes }) {
    await Promise.all(nodes.map((node) => target.start!(run, node)));
  },
};
