import { closeSync, openSync, writeSync } from 'node:fs';
import type { Logger } from './interfaces.js';

/**
 * harness.log: one JSON line per message, written synchronously so that the log of a run that
 * crashed is complete up to the crash. Log volume is low (phases, faults, errors), not per op.
 */
export class FileLogger implements Logger {
  private fd: number | undefined;

  constructor(
    readonly file: string,
    private readonly startNs: bigint,
    private readonly echo?: (line: string) => void,
  ) {
    this.fd = openSync(file, 'a');
  }

  info(message: string, fields?: Record<string, unknown>): void {
    this.write('info', message, fields);
  }
  warn(message: string, fields?: Record<string, unknown>): void {
    this.write('warn', message, fields);
  }
  error(message: string, fields?: Record<string, unknown>): void {
    this.write('error', message, fields);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private write(level: string, message: string, fields?: Record<string, unknown>): void {
    const elapsedMs = Number(process.hrtime.bigint() - this.startNs) / 1e6;
    const line = JSON.stringify({ time: new Date().toISOString(), elapsedMs: Math.round(elapsedMs), level, message, ...fields });
    if (this.fd !== undefined) writeSync(this.fd, line + '\n');
    if (level !== 'info') this.echo?.(`${level}: ${message}${fields === undefined ? '' : ' ' + safeJson(fields)}`);
  }
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
