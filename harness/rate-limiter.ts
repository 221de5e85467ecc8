import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Paces operation starts over all clients to `rateHz` per second (0 = unlimited). Slots are
 * handed out on a fixed grid, so a client that was slow does not let the others burst far
 * above the rate; the grid restarts from now when it fell behind by more than `maxCatchUpMs`
 * (after a partition blocked every client, they do not burst to make up for lost time).
 */
export class RateLimiter {
  private readonly intervalMs: number;
  private nextSlotMs = -Infinity;

  constructor(
    rateHz: number,
    private readonly now: () => number = () => performance.now(),
    private readonly maxCatchUpMs = 100,
  ) {
    if (!(rateHz >= 0) || !Number.isFinite(rateHz)) throw new RangeError(`rateHz must be a finite number >= 0, got ${rateHz}`);
    this.intervalMs = rateHz === 0 ? 0 : 1000 / rateHz;
  }

  /**
   * Claims the next slot. Returns undefined when the caller may go at once (the common, cheap
   * case: no promise, no timer), else a promise that resolves when its slot comes.
   */
  acquire(signal?: AbortSignal): Promise<void> | undefined {
    if (this.intervalMs === 0) return undefined;
    const nowMs = this.now();
    if (this.nextSlotMs < nowMs - this.maxCatchUpMs) this.nextSlotMs = nowMs;
    const slotMs = this.nextSlotMs;
    this.nextSlotMs += this.intervalMs;
    if (slotMs <= nowMs) return undefined;
    return sleep(slotMs - nowMs, undefined, { signal }).then(
      () => undefined,
      () => undefined, // aborted: the caller checks its stop condition next
    );
  }
}
