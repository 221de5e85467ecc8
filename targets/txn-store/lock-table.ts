/**
 * The shard's lock table (strict two-phase locking): shared locks for reads, exclusive ones for
 * writes, an upgrade when the reader is the only holder. A request that cannot be granted waits
 * in FIFO order, and gives up after the wait timeout: deadlocks (across shards too) end in a
 * timeout, and the transaction aborts. Locks are released all at once, at commit or abort
 * (or, in the buggy modes, earlier).
 */
export type LockMode = 'S' | 'X';

interface Waiter {
  txn: string;
  mode: LockMode;
  grant: (granted: boolean) => void;
}

interface KeyLocks {
  holders: Map<string, LockMode>;
  waiters: Waiter[];
}

export class LockTable {
  private readonly byKey = new Map<string, KeyLocks>();
  /** Keys each transaction holds or waits for. */
  private readonly keysOf = new Map<string, Set<string>>();

  constructor(private readonly waitTimeoutMs: number) {}

  /** Resolves true once `txn` holds `key` in `mode` (or stronger), false after the wait timeout. */
  acquire(txn: string, key: string, mode: LockMode): Promise<boolean> {
    const locks = this.locksOf(key);
    const held = locks.holders.get(txn);
    if (held === 'X' || held === mode) return Promise.resolve(true);
    this.track(txn, key);
    if (locks.waiters.length === 0 && this.compatible(locks, txn, mode)) {
      locks.holders.set(txn, mode);
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        locks.waiters = locks.waiters.filter((w) => w !== waiter);
        this.grantWaiters(key, locks); // the next waiters may be grantable now
        resolve(false);
      }, this.waitTimeoutMs);
      const waiter: Waiter = {
        txn,
        mode,
        grant: (granted) => {
          clearTimeout(timer);
          resolve(granted);
        },
      };
      locks.waiters.push(waiter);
    });
  }

  /** Holds `key` exclusively without waiting (recovery: the prepared transactions' write locks). */
  hold(txn: string, key: string): void {
    this.track(txn, key);
    this.locksOf(key).holders.set(txn, 'X');
  }

  holds(txn: string, key: string): LockMode | undefined {
    return this.byKey.get(key)?.holders.get(txn);
  }

  /** Releases one lock (a read lock held only while reading). */
  release(txn: string, key: string): void {
    const locks = this.byKey.get(key);
    if (locks === undefined || !locks.holders.delete(txn)) return;
    this.grantWaiters(key, locks);
  }

  /** Releases everything `txn` holds, and gives up what it waits for. */
  releaseAll(txn: string): void {
    const keys = this.keysOf.get(txn);
    if (keys === undefined) return;
    this.keysOf.delete(txn);
    for (const key of keys) {
      const locks = this.byKey.get(key);
      if (locks === undefined) continue;
      locks.holders.delete(txn);
      for (const waiter of locks.waiters.filter((w) => w.txn === txn)) waiter.grant(false);
      locks.waiters = locks.waiters.filter((w) => w.txn !== txn);
      this.grantWaiters(key, locks);
    }
  }

  private compatible(locks: KeyLocks, txn: string, mode: LockMode): boolean {
    for (const [holder, held] of locks.holders) {
      if (holder === txn) continue;
      if (mode === 'X' || held === 'X') return false;
    }
    return true;
  }

  /** FIFO: grants waiters from the front while they fit. */
  private grantWaiters(key: string, locks: KeyLocks): void {
    while (locks.waiters.length > 0 && this.compatible(locks, locks.waiters[0]!.txn, locks.waiters[0]!.mode)) {
      const waiter = locks.waiters.shift()!;
      locks.holders.set(waiter.txn, waiter.mode === 'X' || locks.holders.get(waiter.txn) === 'X' ? 'X' : 'S');
      waiter.grant(true);
    }
    if (locks.holders.size === 0 && locks.waiters.length === 0) this.byKey.delete(key);
  }

  private locksOf(key: string): KeyLocks {
    let locks = this.byKey.get(key);
    if (locks === undefined) {
      locks = { holders: new Map(), waiters: [] };
      this.byKey.set(key, locks);
    }
    return locks;
  }

  private track(txn: string, key: string): void {
    let keys = this.keysOf.get(txn);
    if (keys === undefined) {
      keys = new Set();
      this.keysOf.set(txn, keys);
    }
    keys.add(key);
  }
}
