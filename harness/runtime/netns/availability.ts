/**
 * Whether the netns runtime can run here, and which runtime a run gets when the user names
 * none: netns when root on Linux with `ip` and `iptables` on the PATH, else local.
 */
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

/** Why the netns runtime cannot run on this machine, or undefined when it can. */
export function netnsUnavailableReason(): string | undefined {
  if (process.platform !== 'linux') return `netns runtime needs Linux (this is ${process.platform})`;
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return 'netns runtime needs root (network namespaces and iptables)';
  for (const command of ['ip', process.env.HARNESS_IPTABLES ?? 'iptables', `${process.env.HARNESS_IPTABLES ?? 'iptables'}-restore`]) {
    if (findOnPath(command) === undefined) return `netns runtime needs '${command}' (apt-get install iproute2 iptables)`;
  }
  return undefined;
}

/** The runtime used when --runtime is not given. */
export function defaultRuntimeName(): string {
  return netnsUnavailableReason() === undefined ? 'netns' : 'local';
}

export function findOnPath(command: string): string | undefined {
  // /usr/sbin is not on every user's PATH, but it is where Debian puts ip and iptables.
  const directories = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/sbin', '/sbin'];
  for (const directory of directories) {
    if (!directory) continue;
    const candidate = path.join(directory, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not here.
    }
  }
  return undefined;
}
