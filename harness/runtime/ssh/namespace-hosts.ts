/**
 * SSH "hosts" made of network namespaces, for the ssh runtime's tests and matrix rows: the
 * netns runtime's topology (a namespace per host with its own address, reachable from here
 * through its router) with Debian's sshd (openssh-server) started inside each, key login only,
 * listening on that namespace's address alone. Nothing runs outside the namespaces; stop()
 * kills everything in them (sshd and whatever a run left) and deletes them.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { connect } from 'node:net';
import { execa } from 'execa';
import { findOnPath } from '../netns/availability.js';
import { removeLayout } from '../netns/cleanup.js';
import { layoutFor, newRunPrefix, pickSubnetIndex, type NetnsLayout } from '../netns/naming.js';
import { tryRun } from '../netns/command.js';
import { createTopology } from '../netns/topology.js';

export interface NamespaceHosts {
  /** '--hosts' value: n1=root@10.231.K.1,... */
  hosts: string;
  keyFile: string;
  layout: NetnsLayout;
  /** Pids of the sshd daemons. */
  sshdPids: number[];
  stop(): Promise<void>;
}

const sshdReadyTimeoutMs = 10_000;

/** Why namespace hosts cannot be made here (root, iproute2, iptables, openssh-server), or undefined. */
export function namespaceHostsUnavailableReason(): string | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return 'ssh hosts in namespaces need root';
  for (const command of ['ip', 'iptables', 'ssh-keygen']) if (findOnPath(command) === undefined) return `'${command}' is not installed`;
  if (findOnPath('sshd') === undefined) return 'sshd is not installed (apt-get install openssh-server)';
  return undefined;
}

export async function startNamespaceHosts(nodes: readonly string[]): Promise<NamespaceHosts> {
  const prefix = newRunPrefix();
  const rootState = (await tryRun('ip', ['-4', 'route', 'show'])).stdout + (await tryRun('ip', ['-4', 'addr', 'show'])).stdout;
  const layout = layoutFor(prefix, nodes, pickSubnetIndex(prefix, rootState));
  const dir = mkdtempSync(path.join(tmpdir(), 'ssh-hosts-'));
  const keyFile = path.join(dir, 'id_ed25519');
  const sshdPids: number[] = [];
  const stop = async (): Promise<void> => {
    for (const pid of sshdPids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Gone.
      }
    }
    await removeLayout(layout);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await createTopology(layout);
    await execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', keyFile], { timeout: 20_000 });
    await execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(dir, 'host_key')], { timeout: 20_000 });
    writeFileSync(path.join(dir, 'authorized_keys'), readFileSync(`${keyFile}.pub`));
    chmodSync(path.join(dir, 'authorized_keys'), 0o600);
    mkdirSync('/run/sshd', { recursive: true }); // sshd's privilege separation directory
    const emptyFile = path.join(dir, 'empty');
    writeFileSync(emptyFile, '');
    for (const node of layout.nodes) {
      const config = path.join(dir, `sshd-${node.node}.conf`);
      writeFileSync(
        config,
        [
          'Port 22',
          `ListenAddress ${node.address}`,
          `HostKey ${path.join(dir, 'host_key')}`,
          `PidFile ${path.join(dir, `sshd-${node.node}.pid`)}`,
          `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
          'PermitRootLogin prohibit-password',
          'PasswordAuthentication no',
          'KbdInteractiveAuthentication no',
          'UsePAM no',
          'StrictModes no',
          'Subsystem sftp internal-sftp',
          // Nothing per session that could wait on the outside: no DNS, no motd or lastlog.
          'UseDNS no',
          'PrintMotd no',
          'PrintLastLog no',
          'X11Forwarding no',
          '',
        ].join('\n'),
      );
      // Each host also gets a mount namespace of its own, where root's ~/.bashrc (which bash
      // reads for every ssh command) is an empty file: this machine's root profile (pyenv
      // and the like) takes seconds per command and belongs to no test host.
      const sshd = `exec ${findOnPath('sshd')!} -D -e -f ${config}`;
      const script = existsSync('/root/.bashrc') ? `mount --bind ${emptyFile} /root/.bashrc && ${sshd}` : sshd;
      const child = execa('ip', ['netns', 'exec', node.namespace, 'unshare', '--mount', '--propagation', 'private', 'sh', '-c', script], { stdio: 'ignore', reject: false, cleanup: true });
      if (child.pid !== undefined) sshdPids.push(child.pid);
    }
    for (const node of layout.nodes) await waitForPort(node.address, 22);
  } catch (error) {
    await stop();
    throw error;
  }
  return { hosts: layout.nodes.map((n) => `${n.node}=root@${n.address}`).join(','), keyFile, layout, sshdPids, stop };
}

async function waitForPort(host: string, port: number): Promise<void> {
  const deadline = Date.now() + sshdReadyTimeoutMs;
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect({ host, port });
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await sleep(100);
  }
  throw new Error(`sshd on ${host}:${port} did not listen within ${sshdReadyTimeoutMs} ms`);
}
