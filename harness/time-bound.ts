/**
 * Every wait on another party has a limit (TIGER_STYLE): these bound the lifecycle calls of a
 * run. Writable so that tests can shorten them.
 */
export const lifecycleTimeoutsMs = {
  /** runtime.setup: ports, proxies, namespaces. */
  runtimeSetup: 60_000,
  /** target.setup of one node: start its process and wait until it is healthy. */
  nodeSetup: 120_000,
  /** nemesis.setup and nemesis.teardown (the heal restarts crashed nodes). */
  nemesis: 60_000,
  /** target.teardown of one node, and runtime.teardown. */
  teardown: 30_000,
  /** client.open (a replacement may be opened while its node is down: it is retried). */
  clientOpen: 10_000,
  /** client.close: a client that cannot close is left behind, never waited for. */
  clientClose: 5_000,
};

export class TimeLimitError extends Error {}

/** Resolves like `promise`, or rejects with TimeLimitError once `limitMs` has passed. */
export async function withinMs<T>(limitMs: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeLimitError(`${what} did not finish within ${limitMs} ms`)), limitMs);
  });
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}
