import { closeSync, existsSync, fdatasync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';
import { parseLogRecords, type LogRecord } from './execution-record.js';

/**
 * The server's append-only execution log (executions.jsonl). Records are written in
 * execution order with one write() each, so a kill -9 keeps every written record (the page
 * cache survives the process). When `durable`, append() resolves only after fdatasync, and
 * concurrent appends share one sync (group commit): this is exactly-once's write-ahead log, and
 * (with records of its own, `R`) the txn-store's prepare and decision log.
 */
export class ExecutionLog<R = LogRecord> {
  private readonly fd: number;
  private written = 0;
  private synced = 0;
  private syncing = false;
  private waiters: Array<{ upTo: number; resolve: () => void; reject: (error: Error) => void }> = [];
  private failure: Error | undefined;

  /** Records already in the file when it was opened (a torn last line is cut off). */
  readonly existing: R[];

  constructor(
    readonly file: string,
    readonly durable: boolean,
  ) {
    const { records, validLength, tornTail } = existsSync(file) ? parseLogRecords<R>(readFileSync(file, 'utf8')) : { records: [], validLength: 0, tornTail: false };
    this.existing = records;
    this.fd = openSync(file, 'a');
    if (tornTail) ftruncateSync(this.fd, validLength);
  }

  /** Writes one record now; with `durable`, resolves once it is on disk. */
  append(record: R): Promise<void> {
    writeSync(this.fd, JSON.stringify(record) + '\n');
    this.written += 1;
    if (!this.durable) return Promise.resolve();
    return this.waitSynced(this.written);
  }

  /** Resolves once everything appended so far is on disk (immediately when not durable). */
  barrier(): Promise<void> {
    if (!this.durable) return Promise.resolve();
    return this.waitSynced(this.written);
  }

  close(): void {
    closeSync(this.fd);
  }

  private waitSynced(upTo: number): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (this.synced >= upTo) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiters.push({ upTo, resolve, reject });
      this.startSync();
    });
  }

  private startSync(): void {
    if (this.syncing || this.waiters.length === 0) return;
    this.syncing = true;
    const target = this.written;
    fdatasync(this.fd, (error) => {
      this.syncing = false;
      if (error) {
        // Durability is gone: fail every waiter rather than reply to anyone.
        this.failure = error;
        for (const waiter of this.waiters) waiter.reject(error);
        this.waiters = [];
        return;
      }
      this.synced = target;
      const still: typeof this.waiters = [];
      for (const waiter of this.waiters) {
        if (waiter.upTo <= target) waiter.resolve();
        else still.push(waiter);
      }
      this.waiters = still;
      this.startSync();
    });
  }
}
