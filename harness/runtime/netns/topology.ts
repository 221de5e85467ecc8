/**
 * Build and remove a run's namespaces and links (see naming.ts for the layout):
 *
 *   root ns ──veth(client link)── router ns [bridge] ──veth── node ns n1
 *                                                    ──veth── node ns n2 ...
 *
 * The router forwards between the client link and the bridge, so clients in the root
 * namespace reach every node; addresses exist only on these links.
 */
import { readFile } from 'node:fs/promises';
import { faultChain } from './firewall.js';
import { run, runIn, tryRun } from './command.js';
import type { NetnsLayout } from './naming.js';

export const iptablesCommand = process.env.HARNESS_IPTABLES ?? 'iptables';

export async function createTopology(layout: NetnsLayout): Promise<void> {
  const router = layout.routerNamespace;
  await run('ip', ['netns', 'add', router]);
  await run('ip', ['-n', router, 'link', 'set', 'lo', 'up']);
  await run('ip', ['-n', router, 'link', 'add', layout.bridge, 'type', 'bridge']);
  await run('ip', ['-n', router, 'addr', 'add', `${layout.routerBridgeAddress}/25`, 'dev', layout.bridge]);
  await run('ip', ['-n', router, 'link', 'set', layout.bridge, 'up']);
  // Forwarding is per namespace: this turns it on in the router only, never in the root.
  await runIn(router, 'sh', ['-c', 'echo 1 > /proc/sys/net/ipv4/ip_forward']);
  await installFaultChain(router, 'FORWARD');

  for (const node of layout.nodes) {
    await run('ip', ['netns', 'add', node.namespace]);
    await run('ip', ['-n', node.namespace, 'link', 'set', 'lo', 'up']);
    await run('ip', ['link', 'add', node.link, 'netns', node.namespace, 'type', 'veth', 'peer', 'name', node.bridgePort, 'netns', router]);
    await run('ip', ['-n', router, 'link', 'set', node.bridgePort, 'master', layout.bridge]);
    await run('ip', ['-n', router, 'link', 'set', node.bridgePort, 'up']);
    await run('ip', ['-n', node.namespace, 'addr', 'add', `${node.address}/25`, 'dev', node.link]);
    await run('ip', ['-n', node.namespace, 'link', 'set', node.link, 'up']);
    await run('ip', ['-n', node.namespace, 'route', 'add', layout.clientNetwork, 'via', layout.routerBridgeAddress]);
    await installFaultChain(node.namespace, 'INPUT');
  }

  const { rootLink, routerLink, address, routerAddress } = layout.client;
  await run('ip', ['link', 'add', rootLink, 'type', 'veth', 'peer', 'name', routerLink, 'netns', router]);
  await run('ip', ['addr', 'add', `${address}/30`, 'dev', rootLink]);
  await run('ip', ['link', 'set', rootLink, 'up']);
  await run('ip', ['-n', router, 'addr', 'add', `${routerAddress}/30`, 'dev', routerLink]);
  await run('ip', ['-n', router, 'link', 'set', routerLink, 'up']);
  await run('ip', ['route', 'add', layout.nodeNetwork, 'via', routerAddress, 'dev', rootLink]);
}

async function installFaultChain(namespace: string, parentChain: 'INPUT' | 'FORWARD'): Promise<void> {
  await runIn(namespace, iptablesCommand, ['-w', '5', '-N', faultChain]);
  await runIn(namespace, iptablesCommand, ['-w', '5', '-A', parentChain, '-j', faultChain]);
}

/** Namespaces of the layout, router last (node veths die with either end). */
export function namespacesOf(layout: NetnsLayout): string[] {
  return [...layout.nodes.map((n) => n.namespace), layout.routerNamespace];
}

export async function existingNamespaces(): Promise<Set<string>> {
  const { stdout } = await tryRun('ip', ['netns', 'list']);
  // Lines look like "hxab12-n1 (id: 3)" or just "hxab12-n1".
  return new Set(stdout.split('\n').map((line) => line.trim().split(/\s+/)[0]).filter((name): name is string => !!name));
}

export async function rootLinkNames(): Promise<string[]> {
  const { stdout } = await tryRun('ip', ['-o', 'link', 'show']);
  // "12: hxab12c@if11: <...>": the name ends at '@' or ':'.
  return stdout.split('\n').map((line) => /^\d+:\s+([^:@\s]+)/.exec(line)?.[1]).filter((name): name is string => !!name);
}

/** Pids of every process whose network namespace is `namespace`. */
export async function pidsIn(namespace: string): Promise<number[]> {
  const { ok, stdout } = await tryRun('ip', ['netns', 'pids', namespace]);
  if (!ok) return [];
  return stdout.split('\n').map((s) => Number(s.trim())).filter((n) => Number.isInteger(n) && n > 0);
}

/** True if the pid exists and is not a zombie (a zombie holds no namespace, port or file). */
export async function isRunning(pid: number): Promise<boolean> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}
