/**
 * What the targets wrapping third-party TCP servers (etcd, Redis) share: polling a server until
 * it is ready, and refusing network faults the local runtime's proxies cannot bring to them.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { UsageError } from '../harness/exit-codes.js';
import type { TestSpec } from '../harness/spec.js';
import { faultPackages } from '../nemesis/registry.js';

const pollIntervalMs = 100;

/**
 * Poll `probe` until it returns true; errors count as "not yet" (the last one is named when
 * the time is up), except a start that reports the process exited, which is final.
 */
export async function waitUntil(probe: () => Promise<boolean>, timeoutMs: number, signal: AbortSignal, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (signal.aborted) throw new Error(`aborted while waiting for ${what}`);
    try {
      if (await probe()) return;
    } catch (error) {
      lastError = error;
      if (error instanceof Error && error.message.includes('exited during start')) throw error;
      if ((error as { final?: unknown }).final === true) throw error; // waiting longer cannot help
    }
    await sleep(pollIntervalMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError === undefined ? '' : `: ${String(lastError)}`}`);
}

/**
 * Network faults (partition, drop, partition-primary: every package that acts on the network)
 * that the local runtime's link proxies cannot bring to this server, because of how it is
 * wired (`why`): refuse rather than report a meaningless valid.
 */
export function refuseUnproxiedNetworkFaults(spec: TestSpec, server: string, why: string): void {
  const network = spec.nemesis.filter((name) => faultPackages[name]?.acts === 'network');
  if (spec.runtime === 'local' && network.length > 0) {
    // Named from the registry, like the refused ones, so a new fault package is listed on its own.
    const processFaults = Object.values(faultPackages).filter((fault) => fault.acts === 'process').map((fault) => fault.name);
    throw new UsageError(`${server} on the local runtime takes no network faults: ${why}. --nemesis ${network.join(',')} needs --runtime netns (root); ${processFaults.join(', ')} work on local`);
  }
}
