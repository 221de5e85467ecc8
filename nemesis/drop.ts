/**
 * `drop`: lose a fraction of datagrams on every directed link (client -> node, node -> client,
 * node -> node), each direction with its own fraction from the seed, so requests and replies
 * are lost independently (what separates maybe / at-least-once / at-most-once / exactly-once).
 */
import { clientLinkName } from '../harness/runtime/link-names.js';
import type { FaultPackage } from './fault-package.js';

/** Range of the loss fraction drawn for each direction. */
export const dropLossRange = { min: 0.2, max: 0.5 } as const;

export interface DropParams {
  /** loss[from][to]: fraction 0..1 of datagrams lost from `from` to `to`. */
  loss: Record<string, Record<string, number>>;
}

export const dropFault: FaultPackage<DropParams> = {
  name: 'drop',
  description: `lose ${dropLossRange.min * 100}-${dropLossRange.max * 100}% of messages, each direction of each link its own fraction`,
  lane: 'drop',
  needs: ['loss'],
  shade: '#f3a712',
  requires: [],
  plan(nodes, rng) {
    const loss: Record<string, Record<string, number>> = {};
    for (const from of [clientLinkName, ...nodes]) {
      for (const to of [clientLinkName, ...nodes]) {
        if (from === to || (from === clientLinkName && to === clientLinkName)) continue;
        const fraction = dropLossRange.min + rng() * (dropLossRange.max - dropLossRange.min);
        (loss[from] ??= {})[to] = Math.round(fraction * 100) / 100; // readable in the history
      }
    }
    return { loss };
  },
  start: ({ run, network }, params) => network.setLoss(run.runtime, params.loss),
  stop: ({ run, network }) => network.setLoss(run.runtime, {}),
};
