/**
 * NetworkFaults -> iptables rules. Pure: the rules of every namespace are computed from the
 * faults, then each namespace's chain is replaced in one iptables-restore (atomic per table).
 *
 * Where a directed link from -> to is cut:
 * - to a node: in the node's namespace, INPUT, matched by source address. Dropping on input
 *   rather than output keeps senders from seeing EPERM on send (a local OUTPUT drop reports it).
 * - to or from 'client' (the harness-side link): in the router namespace, FORWARD, matched
 *   by source and destination, because the client side is the root namespace, whose
 *   firewall the harness never touches.
 */
import type { NetworkFaults } from '../../interfaces.js';
import type { NetnsLayout } from './naming.js';

/** The chain every fault rule goes into (jumped to from INPUT in nodes, FORWARD in the router). */
export const faultChain = 'HX-FAULTS';

/** Faults the netns runtime cannot apply: it has no netem, so delay is refused, not ignored. */
export class UnsupportedFaultError extends Error {}

/** A directed link the faults cut: every packet (match []) or a random fraction (a statistic match). */
export interface CutLink {
  from: string;
  to: string;
  fromAddress: string;
  toAddress: string;
  match: string[];
}

/**
 * The links `faults` cut, with the addresses of their ends. Shared by every runtime whose faults
 * are iptables rules (netns, docker): each only says where a link's rule goes. Delay is refused
 * (this kernel has no netem), names that are neither 'client' nor a node are errors.
 */
export function cutLinks(faults: NetworkFaults, addressOf: ReadonlyMap<string, string>, runtimeName: string): CutLink[] {
  const links: CutLink[] = [];
  const endpoint = (name: string, where: string): string => {
    const address = addressOf.get(name);
    if (address === undefined) throw new Error(`NetworkFaults ${where} names '${name}', which is neither 'client' nor a node of this run`);
    return address;
  };
  const add = (from: string, to: string, match: string[], where: string): void => {
    if (from === to) return;
    links.push({ from, to, fromAddress: endpoint(from, where), toAddress: endpoint(to, where), match });
  };
  for (const [from, tos] of Object.entries(faults.delayMs)) {
    for (const [to, delayMs] of Object.entries(tos)) {
      if (delayMs > 0) throw new UnsupportedFaultError(`the ${runtimeName} runtime cannot delay packets (this kernel has no netem): delayMs ${from} -> ${to} = ${delayMs}; use the local runtime for delay`);
    }
  }
  for (const [from, tos] of Object.entries(faults.blocked)) {
    for (const to of tos) add(from, to, [], `blocked[${from}]`);
  }
  for (const [from, tos] of Object.entries(faults.loss)) {
    for (const [to, probability] of Object.entries(tos)) {
      if (!(probability >= 0 && probability <= 1)) throw new Error(`NetworkFaults loss[${from}][${to}] = ${probability} is not a probability`);
      if (probability === 0 || (faults.blocked[from] ?? []).includes(to)) continue;
      // The kernel's own randomness decides which packet goes: loss here is not seeded.
      const match = probability >= 1 ? [] : ['-m', 'statistic', '--mode', 'random', '--probability', probability.toFixed(6)];
      add(from, to, match, `loss[${from}]`);
    }
  }
  return links;
}

/** iptables rule arguments (after `-A chain`) for every namespace of the run; namespaces with no faults get []. */
export function rulesFor(layout: NetnsLayout, faults: NetworkFaults): Map<string, string[][]> {
  const addressOf = new Map<string, string>([['client', layout.client.address], ...layout.nodes.map((n) => [n.node, n.address] as [string, string])]);
  const namespaceOf = new Map(layout.nodes.map((n) => [n.node, n.namespace]));
  const rules = new Map<string, string[][]>([[layout.routerNamespace, []], ...layout.nodes.map((n) => [n.namespace, []] as [string, string[][]])]);
  for (const { from, to, fromAddress, toAddress, match } of cutLinks(faults, addressOf, 'netns')) {
    if (from === 'client' || to === 'client') {
      rules.get(layout.routerNamespace)!.push(['-s', fromAddress, '-d', toAddress, ...match, '-j', 'DROP']);
    } else {
      rules.get(namespaceOf.get(to)!)!.push(['-s', fromAddress, ...match, '-j', 'DROP']);
    }
  }
  return rules;
}

/** iptables-restore input that replaces the fault chain's rules and leaves everything else alone. */
export function restoreInput(rules: readonly string[][]): string {
  return ['*filter', `-F ${faultChain}`, ...rules.map((rule) => `-A ${faultChain} ${rule.join(' ')}`), 'COMMIT', ''].join('\n');
}
