/** Maelstrom's echo checker: every ok echo returned exactly the payload its invocation sent. */
import { jsonEqual } from '../models/model.js';
import { pairOperations } from '../linearizability/operations.js';
import type { Checker } from '../../harness/interfaces.js';

export const echoChecker: Checker = (_spec, history) => {
  const ops = pairOperations(history).filter((op) => op.f === 'echo');
  const ok = ops.filter((op) => op.outcome === 'ok');
  const wrong = ok.filter((op) => !jsonEqual(op.invokeValue, op.completionValue)).map((op) => ({ sent: op.invokeValue, received: op.completionValue, process: op.process }));
  if (wrong.length > 0) return { checker: 'echo', valid: false, summary: `${wrong.length} of ${ok.length} echoes came back different, e.g. sent ${JSON.stringify(wrong[0]!.sent)}, got ${JSON.stringify(wrong[0]!.received)}`, errors: wrong.slice(0, 20) };
  if (ok.length === 0) return { checker: 'echo', valid: 'unknown', summary: `no echo succeeded (${ops.length} tried)` };
  return { checker: 'echo', valid: true, summary: `${ok.length} echoes came back as sent` };
};
