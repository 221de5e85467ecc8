/**
 * The docker runtime's network: a bridge of the run's own in the root namespace (the host, where
 * the clients are, is its .254), and each container, created with networking disabled (its own
 * namespace with loopback, no engine sandbox), given one veth end as its eth0 right after it
 * starts, before its command runs. The engine's networking runs the dockerd binary twice per
 * start (the libnetwork-setkey prestart hook, set-ipv6): ~0.8 s of a ~1.2 s start measured here,
 * for nothing the harness needs (no DNS, no port mapping).
 * The container's eth0 has a MAC made from its address
 * (as the engine makes them), so a node restarted after kill -9 (a new namespace, a new veth)
 * is the same neighbour to the host and its peers at once, with no stale ARP entry to wait out.
 */
import { existsSync } from 'node:fs';
import { run, tryRun } from '../netns/command.js';

export const bridgePrefixLength = 24;

/** The run's bridge and host-side veth names (at most 15 characters, as link names must be). */
export const bridgeName = (prefix: string): string => `${prefix}-br`;
export const vethName = (prefix: string, index: number): string => `${prefix}-v${index}`;
/** Root links a docker run makes, for cleanup by name (`harness cleanup --all`). */
export const dockerLinkPattern = /^hx[0-9a-z]{4}-(br|v\d+)$/;

/** 02:42 and the IPv4 address's four bytes, as the engine makes a container's MAC. */
export function macOf(address: string): string {
  return ['02', '42', ...address.split('.').map((byte) => Number(byte).toString(16).padStart(2, '0'))].join(':');
}

export async function createBridge(name: string, hostAddress: string): Promise<void> {
  await run('ip', ['-batch', '-'], { input: [`link add ${name} type bridge`, `addr add ${hostAddress}/${bridgePrefixLength} dev ${name}`, `link set ${name} up`, ''].join('\n') });
}

/**
 * A started container's eth0, made from inside its namespace (one process, before its command
 * runs): a veth whose peer `veth` lands in the harness's own namespace, with its address, a MAC
 * made from it, and the host's address as the default route, as on an engine network. The
 * host end is down and off the bridge until plugIn: that can run while the command starts.
 * A host end left from the node's previous container (the kernel removes it with that
 * namespace, not always at once) is removed first.
 */
export async function giveEth0(options: { veth: string; pid: number; address: string; gateway: string }): Promise<void> {
  const { veth, pid, address, gateway } = options;
  const left = await removeLink(veth);
  if (left !== undefined) throw new Error(left);
  const batch = [
    `link add eth0 address ${macOf(address)} type veth peer name ${veth} netns ${process.pid}`,
    `addr add ${address}/${bridgePrefixLength} dev eth0`,
    'link set eth0 up',
    `route add default via ${gateway} dev eth0 onlink`, // onlink: the host end may not be up yet
    '',
  ];
  await run('nsenter', ['-t', String(pid), '-n', 'ip', '-batch', '-'], { input: batch.join('\n') });
}

/** The host end of a container's veth onto the bridge, up: from here the node is reachable. */
export async function plugIn(bridge: string, veth: string): Promise<void> {
  await run('ip', ['link', 'set', veth, 'master', bridge, 'up']);
}

/** Remove a link (bridge or veth) when it exists; a problem is returned, not thrown. */
export async function removeLink(name: string): Promise<string | undefined> {
  if (!existsSync(`/sys/class/net/${name}`)) return undefined;
  const result = await tryRun('ip', ['link', 'del', name]);
  return result.ok || !existsSync(`/sys/class/net/${name}`) ? undefined : `ip link del ${name}: ${result.stderr.trim()}`;
}
