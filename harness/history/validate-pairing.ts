/**
 * Checks that every client completion has an invoke to complete: each client process has at
 * most one operation open, and a completion (ok/fail/info) closes the open invoke of its
 * process with the same f. An invoke never completed is allowed (it is treated like info).
 * Non-client processes (nemesis) are not paired.
 */
import type { HistoryEvent } from '../event.js';
import { BadInputError } from '../exit-codes.js';

export function validatePairing(events: readonly HistoryEvent[], fileName?: string): void {
  const open = new Map<number, HistoryEvent>();
  for (const event of events) {
    if (typeof event.process !== 'number') continue;
    const invoke = open.get(event.process);
    if (event.type === 'invoke') {
      if (invoke !== undefined) {
        throw new BadInputError(
          `process ${event.process} invokes ${event.f} while its ${invoke.f}${where(invoke)} has not completed (one operation at a time per process)`,
          fileName,
          event.line,
        );
      }
      open.set(event.process, event);
      continue;
    }
    if (invoke === undefined) {
      throw new BadInputError(`${event.type} ${event.f} of process ${event.process} has no matching invoke`, fileName, event.line);
    }
    if (invoke.f !== event.f) {
      throw new BadInputError(`${event.type} ${event.f} of process ${event.process} completes an invoke of ${invoke.f}${where(invoke)}`, fileName, event.line);
    }
    open.delete(event.process);
  }
}

function where(event: HistoryEvent): string {
  return event.line === undefined ? '' : ` (line ${event.line})`;
}
