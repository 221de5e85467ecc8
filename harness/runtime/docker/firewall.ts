/**
 * NetworkFaults -> the iptables table of each node container's network namespace. The links
 * cut come from the netns runtime's code (cutLinks); only where a rule goes differs, because
 * the harness's clients sit on the host side of the run's docker bridge, whose firewall the
 * harness never touches:
 * - a link into a node (from another node or from the clients): the node's INPUT, by source;
 * - a link from a node to the clients: the node's OUTPUT, by destination. A local OUTPUT drop
 *   makes the sender's send fail with EPERM (on a real network the message would just vanish):
 *   node programs must treat a failed send as a lost message.
 * Each container's table is replaced whole (its namespace is the harness's own), so a fresh
 * namespace after a restart gets its chains and the current rules in one iptables-restore.
 */
import type { NetworkFaults } from '../../interfaces.js';
import { cutLinks, faultChain } from '../netns/firewall.js';

export const outputFaultChain = `${faultChain}-OUT`;

export interface DockerRules {
  /** Rule arguments (after -A chain) of the node's INPUT fault chain. */
  input: string[][];
  /** ... and of its OUTPUT fault chain (links from the node to the clients). */
  output: string[][];
}

/** Rules for every node; nodes with no faults get empty lists. */
export function dockerRulesFor(addresses: ReadonlyMap<string, string>, faults: NetworkFaults): Map<string, DockerRules> {
  const rules = new Map<string, DockerRules>([...addresses.keys()].filter((name) => name !== 'client').map((node) => [node, { input: [], output: [] }]));
  for (const { from, to, fromAddress, toAddress, match } of cutLinks(faults, addresses, 'docker')) {
    if (to === 'client') rules.get(from)!.output.push(['-d', toAddress, ...match, '-j', 'DROP']);
    else rules.get(to)!.input.push(['-s', fromAddress, ...match, '-j', 'DROP']);
  }
  return rules;
}

/** iptables-restore input (without --noflush) for a node: its whole filter table. */
export function dockerRestoreInput(rules: DockerRules): string {
  return [
    '*filter',
    ':INPUT ACCEPT [0:0]',
    ':FORWARD ACCEPT [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    `:${faultChain} - [0:0]`,
    `:${outputFaultChain} - [0:0]`,
    `-A INPUT -j ${faultChain}`,
    `-A OUTPUT -j ${outputFaultChain}`,
    ...rules.input.map((rule) => `-A ${faultChain} ${rule.join(' ')}`),
    ...rules.output.map((rule) => `-A ${outputFaultChain} ${rule.join(' ')}`),
    'COMMIT',
    '',
  ].join('\n');
}
