/**
 * The Docker engine the docker runtime talks to (dockerode, over the engine's socket), and what
 * to say when there is none: which package is missing, or how to start the daemon so that it
 * leaves the host's firewall alone (its default mode sets FORWARD to DROP, which breaks the
 * netns runtime's bridges).
 */
import { existsSync } from 'node:fs';
import Docker from 'dockerode';
import { findOnPath } from '../netns/availability.js';

/** Where the harness's dockerd keeps images and containers (`harness setup --docker` starts it so). */
export const harnessDataRoot = '/var/lib/chaos-harness/docker';
export const dockerdArgs = ['--data-root', harnessDataRoot, '--iptables=false', '--ip-forward=false', '--bridge=none'] as const;
export const defaultSocketPath = '/var/run/docker.sock';
/** Every engine call the runtime makes gets this long unless it says otherwise. */
export const engineCallTimeoutMs = 30_000;
const pingTimeoutMs = 3_000;

/** A client for the engine named by DOCKER_HOST (unix sockets only), else the default socket. */
export function connectEngine(): Docker {
  const host = process.env.DOCKER_HOST;
  const socketPath = host?.startsWith('unix://') === true ? host.slice('unix://'.length) : defaultSocketPath;
  return new Docker({ socketPath, timeout: engineCallTimeoutMs });
}

export function socketPathOf(docker: Docker): string {
  return String((docker.modem as { socketPath?: unknown }).socketPath ?? defaultSocketPath);
}

/** The command that starts an engine the way the harness needs it. */
export function dockerdCommand(): string {
  return `dockerd ${dockerdArgs.join(' ')}`;
}

/**
 * Why the docker runtime cannot run here (exactly what is missing), or undefined once an
 * engine answers a ping. Root is needed for the fault rules (nsenter + iptables).
 */
export async function dockerUnavailableReason(docker: Docker = connectEngine()): Promise<string | undefined> {
  if (process.platform !== 'linux') return `docker runtime needs Linux (this is ${process.platform})`;
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return 'docker runtime needs root (faults are iptables rules entered with nsenter into each container)';
  for (const command of ['nsenter', process.env.HARNESS_IPTABLES ?? 'iptables']) {
    if (findOnPath(command) === undefined) return `docker runtime needs '${command}' (apt-get install util-linux iptables)`;
  }
  const socketPath = socketPathOf(docker);
  try {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('no answer')), pingTimeoutMs)));
    await Promise.race([docker.ping(), timeout]).finally(() => clearTimeout(timer));
    return undefined;
  } catch (error) {
    const installed = findOnPath('dockerd') !== undefined;
    const why = error instanceof Error ? error.message : String(error);
    if (!installed) return `no Docker engine answers on ${socketPath} (${why}) and dockerd is not installed: run \`harness setup --docker\` (apt-get install docker.io, then starts \`${dockerdCommand()}\`)`;
    if (!existsSync(socketPath)) return `no Docker engine is running (no socket ${socketPath}): start one with \`harness setup --docker\`, which runs \`${dockerdCommand()}\``;
    return `the Docker engine on ${socketPath} does not answer within ${pingTimeoutMs} ms (${why}); restart it, e.g. \`${dockerdCommand()}\``;
  }
}
