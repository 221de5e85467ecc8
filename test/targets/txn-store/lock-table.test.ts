import assert from 'node:assert/strict';
import { LockTable } from '../../../targets/txn-store/lock-table.js';

describe('txn-store lock table (strict two-phase locking)', () => {
  it('shares read locks, makes a writer wait for them, and grants it when they are released', async () => {
    const locks = new LockTable(1000);
    assert.equal(await locks.acquire('t1', 'x', 'S'), true);
    assert.equal(await locks.acquire('t2', 'x', 'S'), true);
    let granted: boolean | undefined;
    const writer = locks.acquire('t3', 'x', 'X').then((g) => (granted = g));
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(granted, undefined, 'waits while readers hold the key');
    locks.releaseAll('t1');
    await new Promise((resolve) => setTimeout(resolve, 5));
    assert.equal(granted, undefined, 'one reader still holds it');
    locks.releaseAll('t2');
    await writer;
    assert.equal(granted, true);
    assert.equal(locks.holds('t3', 'x'), 'X');
  });

  it('gives up after the wait timeout (a deadlock ends so), and FIFO waiters behind it get their turn', async () => {
    const locks = new LockTable(50);
    assert.equal(await locks.acquire('t1', 'x', 'X'), true);
    const started = Date.now();
    assert.equal(await locks.acquire('t2', 'x', 'S'), false);
    assert.ok(Date.now() - started >= 45);
    assert.equal(locks.holds('t2', 'x'), undefined);
    locks.releaseAll('t1');
    assert.equal(await locks.acquire('t2', 'x', 'X'), true);
  });

  it('upgrades a sole reader, makes a second reader wait for an upgrade, and releasing all gives up waits', async () => {
    const locks = new LockTable(1000);
    assert.equal(await locks.acquire('t1', 'x', 'S'), true);
    assert.equal(await locks.acquire('t1', 'x', 'X'), true, 'the only holder upgrades at once');
    const waiting = locks.acquire('t2', 'x', 'S');
    locks.hold('t3', 'y');
    const waitingOnY = locks.acquire('t2', 'y', 'X');
    locks.releaseAll('t2');
    assert.equal(await waiting, false);
    assert.equal(await waitingOnY, false);
    locks.release('t1', 'x');
    assert.equal(await locks.acquire('t4', 'x', 'X'), true);
  });
});
