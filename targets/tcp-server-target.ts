/**
 * What the targets wrapping third-party TCP servers (etcd, Redis) share: polling a server until
 * it is ready. (Faults a runtime cannot deliver to TCP are refused from its registry entry:
 * harness/runtime/runtime-abilities.ts.)
 */
import { setTimeout as sleep } from 'node:timers/promises';

/** Between probes, ms: a start is a few hundred ms, so 100 would waste 50 on average per node. */
const pollIntervalMs = 25;

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
