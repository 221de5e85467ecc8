import type { HistoryEvent } from './event.js';
import { FaultWindowTracker } from './history/fault-windows.js';

/**
 * The live line on stderr while a test runs: time left, operations done, faults active.
 * Only drawn when stderr is a TTY; otherwise it stays quiet (CI logs, pipes).
 */
export class StatusLine {
  private ok = 0;
  private fail = 0;
  private info = 0;
  private readonly faults = new FaultWindowTracker();
  private timer: NodeJS.Timeout | undefined;
  private phase = 'starting';
  private deadlineMs = 0;

  constructor(
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly enabled: boolean = Boolean(process.stderr.isTTY),
  ) {}

  /** Counts completions and tracks faults (harness/history/fault-windows.ts) from the history. */
  readonly observe = (event: HistoryEvent): void => {
    if (typeof event.process === 'number') {
      if (event.type === 'ok') this.ok += 1;
      else if (event.type === 'fail') this.fail += 1;
      else if (event.type === 'info') this.info += 1;
      return;
    }
    this.faults.add(event);
  };

  setPhase(phase: string, deadlineMs?: number): void {
    this.phase = phase;
    if (deadlineMs !== undefined) this.deadlineMs = deadlineMs;
    this.draw();
  }

  start(refreshMs = 250): void {
    if (!this.enabled || this.timer !== undefined) return;
    this.timer = setInterval(() => this.draw(), refreshMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    if (this.enabled) this.stream.write('\r\x1b[K');
  }

  /** The text of the line (also used by tests). */
  text(nowMs: number = performance.now()): string {
    const leftS = Math.max(0, (this.deadlineMs - nowMs) / 1000);
    const active = this.faults.activeKinds();
    const faults = active.length === 0 ? 'none' : active.sort().join(',');
    const done = this.ok + this.fail + this.info;
    const time = this.phase === 'running' ? `${leftS.toFixed(1)} s left` : this.phase;
    return `harness: ${time} | ops ${done} (ok ${this.ok}, fail ${this.fail}, info ${this.info}) | faults: ${faults}`;
  }

  private draw(): void {
    if (!this.enabled) return;
    const columns = this.stream.columns || 120; // 0 when the terminal size is unknown
    this.stream.write('\r\x1b[K' + this.text().slice(0, Math.max(10, columns - 1)));
  }
}
