import type { HistoryEvent } from '../../../harness/event.js';

/** Hand-written histories for the Maelstrom checkers: each op invoked and completed in order, 1 ms apart unless told. */
export class HistoryBuilder {
  readonly events: HistoryEvent[] = [];
  private timeNs = 0;

  invoke(process: number, f: string, value: unknown): this {
    return this.push(process, 'invoke', f, value);
  }

  complete(process: number, type: 'ok' | 'fail' | 'info', f: string, value: unknown, error?: string): this {
    return this.push(process, type, f, value, error);
  }

  /** invoke then complete at once. */
  op(process: number, type: 'ok' | 'fail' | 'info', f: string, invokeValue: unknown, completionValue: unknown = invokeValue, error?: string): this {
    return this.invoke(process, f, invokeValue).complete(process, type, f, completionValue, error);
  }

  private push(process: number, type: HistoryEvent['type'], f: string, value: unknown, error?: string): this {
    this.timeNs += 1_000_000;
    this.events.push({ index: this.events.length, timeNs: this.timeNs, process, type, f, value, ...(error === undefined ? {} : { error }) });
    return this;
  }
}
