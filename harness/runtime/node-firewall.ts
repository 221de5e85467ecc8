/**
 * NetworkFaults -> iptables rules in each node's own network namespace, for runtimes whose
 * nodes have one each and whose clients reach them directly (docker: a container; ssh: a
 * host). The links cut come from the netns runtime's code (cutLinks); only where a rule goes
 * differs, because the clients' side (the harness's host) is never touched:
 * - a link into a node (from another node or from the clients): the node's INPUT, by source;
 * - a link from a node to the clients: the node's OUTPUT, by destination. A local OUTPUT drop
 *   makes the sender's send fail with EPERM (on a real network the message would just vanish):
 *   node programs must treat a failed send as a lost message.
 * A container's table is replaced whole (its namespace is the harness's own), so a fresh
 * namespace after a restart gets its chains and the current rules in one iptables-restore; on
 * a host only the harness's two chains are replaced (chainsRestoreInput, with --noflush).
 */
import type { NetworkFaults } from '../interfaces.js';
import { cutLinks, faultChain } from './netns/firewall.js';

export const outputFaultChain = `${faultChain}-OUT`;

export interface NodeRules {
  /** Rule arguments (after -A chain) of the node's INPUT fault chain. */
  input: string[][];
  /** ... and of its OUTPUT fault chain (links from the node to the clients). */
  output: string[][];
}

/** Rules for every node; nodes with no faults get empty lists. */
export function nodeRulesFor(addresses: ReadonlyMap<string, string>, faults: NetworkFaults, runtimeName: string): Map<string, NodeRules> {
  const rules = new Map<string, NodeRules>([...addresses.keys()].filter((name) => name !== 'client').map((node) => [node, { input: [], output: [] }]));
  for (const { from, to, fromAddress, toAddress, match } of cutLinks(faults, addresses, runtimeName)) {
    if (to === 'client') rules.get(from)!.output.push(['-d', toAddress, ...match, '-j', 'DROP']);
    else rules.get(to)!.input.push(['-s', fromAddress, ...match, '-j', 'DROP']);
  }
  return rules;
}

/** iptables-restore input (without --noflush) for a container: its whole filter table. */
export function wholeTableRestoreInput(rules: NodeRules): string {
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

/**
 * iptables-restore input for --noflush on a host: replaces the rules of the harness's two chains
 * only. `control` is the harness's own SSH connection to the host (client address, sshd port):
 * exempt first, so that a partition from the clients never cuts the harness off the host it
 * must heal.
 */
export function chainsRestoreInput(rules: NodeRules, control: { clientAddress: string; sshPort: number }): string {
  return [
    '*filter',
    `-F ${faultChain}`,
    `-F ${outputFaultChain}`,
    `-A ${faultChain} -s ${control.clientAddress} -p tcp --dport ${control.sshPort} -j RETURN`,
    `-A ${outputFaultChain} -d ${control.clientAddress} -p tcp --sport ${control.sshPort} -j RETURN`,
    ...rules.input.map((rule) => `-A ${faultChain} ${rule.join(' ')}`),
    ...rules.output.map((rule) => `-A ${outputFaultChain} ${rule.join(' ')}`),
    'COMMIT',
    '',
  ].join('\n');
}
