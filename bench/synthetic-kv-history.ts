/**
 * A seeded synthetic kv history for the checker's scale figure: `clients` clients doing get /
 * append / put on `keys` keys against a simulated linearizable store, with overlapping calls.
 * Each operation takes effect at a random moment between its invoke and its completion, so the
 * history is linearizable; a few operations end in info (taking effect or not).
 */
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { HistoryEvent } from '../harness/event.js';

export interface SyntheticKvOptions {
  operations: number;
  keys: number;
  clients: number;
  seed: number;
}

export function syntheticKvHistory(options: SyntheticKvOptions): HistoryEvent[] {
  const random = xoroshiro128plus(options.seed);
  const below = (n: number): number => (random.next() >>> 0) % n;
  const values = new Map<string, string>();
  const events: HistoryEvent[] = [];
  // Per client: what it is doing (a pending operation takes effect in a later step, then completes).
  interface Pending {
    process: number;
    f: 'get' | 'put' | 'append';
    key: string;
    argument: string;
    phase: 'invoked' | 'applied';
    read: string;
    info: boolean;
  }
  const pending: (Pending | undefined)[] = new Array(options.clients).fill(undefined);
  const processOf = Array.from({ length: options.clients }, (_, client) => client);
  let nextProcess = options.clients;
  let invoked = 0;
  let busy = 0;
  const emit = (process: number, type: HistoryEvent['type'], f: string, value: unknown): void => {
    events.push({ index: events.length, timeNs: events.length * 1000, process, type, f, value });
  };
  while (invoked < options.operations || busy > 0) {
    const client = below(options.clients);
    const operation = pending[client];
    if (operation === undefined) {
      if (invoked >= options.operations) continue;
      const roll = below(100);
      const f = roll < 50 ? 'get' : roll < 95 ? 'append' : 'put';
      const key = String(below(options.keys));
      const argument = f === 'get' ? '' : `${client}.${invoked};`;
      emit(processOf[client]!, 'invoke', f, [key, f === 'get' ? null : argument]);
      pending[client] = { process: processOf[client]!, f, key, argument, phase: 'invoked', read: '', info: below(1000) === 0 };
      invoked++;
      busy++;
    } else if (operation.phase === 'invoked') {
      // The moment it takes effect (an info operation may never take effect).
      const current = values.get(operation.key) ?? '';
      if (operation.f === 'get') operation.read = current;
      else if (!(operation.info && below(2) === 0)) values.set(operation.key, operation.f === 'put' ? operation.argument : current + operation.argument);
      operation.phase = 'applied';
    } else {
      if (operation.info) {
        emit(operation.process, 'info', operation.f, [operation.key, operation.f === 'get' ? null : operation.argument]);
        processOf[client] = nextProcess++; // Jepsen never reuses a process after info
      } else {
        emit(operation.process, 'ok', operation.f, [operation.key, operation.f === 'get' ? operation.read : operation.argument]);
      }
      pending[client] = undefined;
      busy--;
    }
  }
  return events;
}
