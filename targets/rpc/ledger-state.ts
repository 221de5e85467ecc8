import type { LedgerOp, LedgerResult } from './protocol.js';

/**
 * The bank itself: balances (every account starts at 0) and the ids of the requests applied,
 * in order, one entry per application (a request applied twice appears twice).
 * Pure in-memory state; durability is the server's business.
 */
export class LedgerState {
  readonly balances = new Map<string, number>();
  readonly applied: string[] = [];

  balance(account: string): number {
    return this.balances.get(account) ?? 0;
  }

  /** Decide and apply one operation atomically. Insufficient funds changes nothing. */
  execute(id: string, op: LedgerOp): LedgerResult {
    switch (op.f) {
      case 'deposit':
        this.balances.set(op.account, this.balance(op.account) + op.amount);
        break;
      case 'withdraw':
        if (this.balance(op.account) < op.amount) return { ok: false, error: 'insufficient-funds' };
        this.balances.set(op.account, this.balance(op.account) - op.amount);
        break;
      case 'transfer':
        if (op.from === op.to) return { ok: false, error: 'bad-request' };
        if (this.balance(op.from) < op.amount) return { ok: false, error: 'insufficient-funds' };
        this.balances.set(op.from, this.balance(op.from) - op.amount);
        this.balances.set(op.to, this.balance(op.to) + op.amount);
        break;
    }
    this.applied.push(id);
    return { ok: true };
  }

  /** Re-apply an execution from the log; its recorded result is the truth, no re-decision. */
  replay(id: string, op: LedgerOp, result: LedgerResult): void {
    if (!result.ok) return;
    applyEffect(this.balances, op, 1);
    this.applied.push(id);
  }

  balancesObject(): Record<string, number> {
    return Object.fromEntries([...this.balances.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }
}

/** Adds `times` applications of op's effect to balances (used by replay and by the checker's sum). */
export function applyEffect(balances: Map<string, number>, op: LedgerOp, times: number): void {
  const add = (account: string, delta: number) => balances.set(account, (balances.get(account) ?? 0) + delta * times);
  switch (op.f) {
    case 'deposit':
      add(op.account, op.amount);
      break;
    case 'withdraw':
      add(op.account, -op.amount);
      break;
    case 'transfer':
      add(op.from, -op.amount);
      add(op.to, op.amount);
      break;
  }
}
