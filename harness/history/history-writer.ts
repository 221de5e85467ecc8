/**
 * Appends a history to a jsonl file as it happens: one JSON line an event, written with one
 * write(2) call each on a file opened for append, so a crash of the harness loses no event
 * that append() returned for (only an OS crash could, unless `fsync` is set).
 */
import { closeSync, fsyncSync, openSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import type { HistoryEvent } from '../event.js';

export interface HistoryWriterOptions {
  /** fsync after every event: survives an OS crash too, at the cost of a disk flush an event. */
  fsync?: boolean;
}

export class HistoryWriter {
  private fd: number | undefined;
  private eventCount = 0;

  constructor(
    readonly path: string,
    private readonly options: HistoryWriterOptions = {},
  ) {
    this.fd = openSync(path, 'a');
  }

  /** Number of events appended through this writer. */
  get count(): number {
    return this.eventCount;
  }

  /** Writes one event as one line; returns once the line is in the kernel (and on disk with fsync). */
  append(event: HistoryEvent): void {
    if (this.fd === undefined) throw new Error(`HistoryWriter(${this.path}): append after close`);
    const bytes = Buffer.from(historyLine(event), 'utf8');
    let written = 0;
    while (written < bytes.length) written += writeSync(this.fd, bytes, written, bytes.length - written);
    if (this.options.fsync === true) fsyncSync(this.fd);
    this.eventCount++;
  }

  /** Closes the file; safe to call twice. */
  close(): void {
    if (this.fd === undefined) return;
    const fd = this.fd;
    this.fd = undefined;
    closeSync(fd);
  }
}

/** One event as a history.jsonl line, newline included. */
export function historyLine(event: HistoryEvent): string {
  const { line: _sourceLine, ...stored } = event; // `line` is where a reader found an event, not part of it
  return `${JSON.stringify(stored)}\n`;
}

/** A whole history written at once (a shrunk one): to a temporary file, then renamed into place. */
export function writeHistoryFile(file: string, events: readonly HistoryEvent[]): void {
  writeFileSync(`${file}.tmp`, events.map(historyLine).join(''));
  renameSync(`${file}.tmp`, file);
}
