/**
 * Names and addresses of one netns run. Every name carries the run's prefix, so a run that
 * died can be found and removed; interface names stay within Linux's 15 characters.
 */
import { randomBytes } from 'node:crypto';

/** All harness names start with this; `harness cleanup --all` removes what matches namePattern. */
export const namePrefixStart = 'hx';
/** Matches a namespace or interface name made by this runtime (prefix = hx + 4 base-36 chars). */
export const namePattern = /^hx[0-9a-z]{4}[-a-z]/;

const interfaceNameLengthMax = 15;

/**
 * A fresh per-run prefix: 'hx' + 4 base-36 characters. Uniqueness, not reproducibility, is
 * what matters here (two runs must never share names), so it comes from crypto, not the seed.
 */
export function newRunPrefix(): string {
  const n = randomBytes(4).readUInt32BE(0) % 36 ** 4;
  return `${namePrefixStart}${n.toString(36).padStart(4, '0')}`;
}

/** Everything a run creates, by name. Pure: computed before anything touches the system. */
export interface NetnsLayout {
  prefix: string;
  /** The /24 whose addresses exist only inside this run's namespaces and on its client link. */
  subnet: string;
  /** Namespace holding the bridge and routing between the client link and the nodes. */
  routerNamespace: string;
  bridge: string;
  nodes: NodeLayout[];
  /** The harness-side link: `rootLink` lives in the root namespace, `routerLink` in the router's. */
  client: { rootLink: string; routerLink: string; address: string; routerAddress: string };
  /** Router's address on the bridge; nodes route the client link through it. */
  routerBridgeAddress: string;
  nodeNetwork: string;
  clientNetwork: string;
}

export interface NodeLayout {
  node: string;
  namespace: string;
  /** veth end inside the node's namespace, and its peer attached to the bridge. */
  link: string;
  bridgePort: string;
  address: string;
}

/** Node names become parts of namespace names: keep them to safe characters. */
const nodeNamePattern = /^[a-zA-Z0-9_.]+(-[a-zA-Z0-9_.]+)*$/;

/**
 * Lay out a run: nodes get 10.231.K.1..125 on a /25 bridge, the router .126, and the client
 * link 10.231.K.128/30 (.129 in the root namespace, .130 in the router). K picks the run's /24.
 */
export function layoutFor(prefix: string, nodes: readonly string[], subnetIndex: number): NetnsLayout {
  if (!/^hx[0-9a-z]{4}$/.test(prefix)) throw new Error(`bad run prefix '${prefix}'`);
  if (nodes.length === 0 || nodes.length > 125) throw new Error(`netns runtime needs 1..125 nodes, got ${nodes.length}`);
  if (!Number.isInteger(subnetIndex) || subnetIndex < 0 || subnetIndex > 255) throw new Error(`bad subnet index ${subnetIndex}`);
  const base = `10.231.${subnetIndex}`;
  const layout: NetnsLayout = {
    prefix,
    subnet: `${base}.0/24`,
    routerNamespace: `${prefix}--router`,
    bridge: `${prefix}br`,
    nodes: nodes.map((node, i) => {
      if (!nodeNamePattern.test(node)) throw new Error(`node name '${node}' must be letters, digits, '_', '.', '-'`);
      return { node, namespace: `${prefix}-${node}`, link: `${prefix}n${i}a`, bridgePort: `${prefix}n${i}b`, address: `${base}.${i + 1}` };
    }),
    client: { rootLink: `${prefix}c`, routerLink: `${prefix}r`, address: `${base}.129`, routerAddress: `${base}.130` },
    routerBridgeAddress: `${base}.126`,
    nodeNetwork: `${base}.0/25`,
    clientNetwork: `${base}.128/30`,
  };
  for (const name of [layout.bridge, layout.client.rootLink, layout.client.routerLink, ...layout.nodes.flatMap((n) => [n.link, n.bridgePort])]) {
    if (name.length > interfaceNameLengthMax) throw new Error(`interface name '${name}' is longer than ${interfaceNameLengthMax}`);
  }
  return layout;
}

/**
 * Pick a /24 index for the run: derived from the prefix, moved on while the root namespace
 * already has an address or route in BASE.K (another run, or the host's own network).
 * BASE is 10.231 for netns runs; other runtimes pass their own so their runs never collide.
 */
export function pickSubnetIndex(prefix: string, rootRoutesAndAddresses: string, base = '10.231'): number {
  let hash = 0;
  for (const c of prefix) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
  for (let step = 0; step < 256; step++) {
    const k = (hash + step) % 250;
    if (!rootRoutesAndAddresses.includes(`${base}.${k}.`)) return k;
  }
  throw new Error(`no free ${base}.K.0/24 left for a run`);
}
