/**
 * What a `fail` completion tells the linearizability models, which depends on where the history
 * comes from (docs/history-format.md, "What fail means"). Every checker other than the models
 * keeps seeing failed operations (a failed request whose effect shows up is a phantom to
 * exactly-once, G1a to Elle): only the models' reading differs.
 *
 * - knossos (jepsen-edn, edn-kv): a fail did not happen and constrains nothing; Knossos drops
 *   failed operations before its search.
 * - porcupine (jepsen-log): a failed cas was rejected because the register did not hold `from`,
 *   a read that saw another value, as Porcupine's etcd model reads it; other fails constrain nothing.
 * - harness (jsonl, the run loop): a fail constrains nothing, except a cas whose error is
 *   `precondition-failed` (the one spelling every client uses for "the comparison did not hold").
 */
import { preconditionFailed } from '../interfaces.js';
import type { HistoryFormat } from './history-format.js';

export type FailReading = 'knossos' | 'porcupine' | 'harness';

/** The reading each format's writers meant. */
export const failReadingOf: Readonly<Record<HistoryFormat, FailReading>> = {
  'jepsen-edn': 'knossos',
  'edn-kv': 'knossos',
  'jepsen-log': 'porcupine',
  jsonl: 'harness',
};

/**
 * True when a failed operation (f, error) constrains the models under `reading`: only a cas that
 * saw another value does. Every other failed operation is left out before the search.
 */
export function failedOperationConstrains(reading: FailReading, f: string, error: string | undefined): boolean {
  if (f !== 'cas') return false;
  switch (reading) {
    case 'knossos':
      return false;
    case 'porcupine':
      return true;
    case 'harness':
      return error === preconditionFailed;
  }
}
