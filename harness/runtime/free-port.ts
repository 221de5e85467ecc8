/**
 * Free ports for nodes on 127.0.0.1, free for both UDP and TCP.
 *
 * Why not simply bind port 0: a node's port must stay reserved while the node is down
 * (crash, then restart on the same port). Ports from bind(0) come from the kernel's ephemeral
 * range, which the proxies' own upstream sockets also draw from; one of them could take a
 * crashed node's port before it restarts. So node ports come from below the ephemeral range
 * (Linux: 32768..60999), probed for being free, and never handed out twice by this process.
 */
import dgram from 'node:dgram';
import net from 'node:net';

/** Lowest and highest port this allocator hands out; below Linux's default ephemeral range. */
export const nodePortRange = { low: 20000, high: 32000 } as const;

const handedOut = new Set<number>();
/** Where the next probe starts; spread by pid so parallel harness processes rarely probe the same ports. */
let nextProbe = nodePortRange.low + ((process.pid * 97) % (nodePortRange.high - nodePortRange.low));

/** Allocate `count` ports on `host` that are currently free for UDP and TCP. Throws when none is left. */
export async function allocateNodePorts(count: number, host = '127.0.0.1'): Promise<number[]> {
  const ports: number[] = [];
  const span = nodePortRange.high - nodePortRange.low;
  for (let probes = 0; ports.length < count; probes++) {
    if (probes > span) throw new Error(`no free port left in ${nodePortRange.low}..${nodePortRange.high} on ${host}`);
    const port = nextProbe;
    nextProbe = nextProbe >= nodePortRange.high ? nodePortRange.low : nextProbe + 1;
    if (handedOut.has(port)) continue;
    if (!(await isUdpPortFree(port, host)) || !(await isTcpPortFree(port, host))) continue;
    handedOut.add(port);
    ports.push(port);
  }
  return ports;
}

/** Give ports back so a long-lived process (the test suite) can reuse them. */
export function releaseNodePorts(ports: Iterable<number>): void {
  for (const port of ports) handedOut.delete(port);
}

function isUdpPortFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket('udp4');
    socket.once('error', () => {
      socket.close();
      resolve(false);
    });
    socket.bind(port, host, () => socket.close(() => resolve(true)));
  });
}

function isTcpPortFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}
