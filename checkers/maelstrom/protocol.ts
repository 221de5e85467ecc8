/**
 * Whether every node kept to Maelstrom's protocol: JSON lines on stdout with a dest and a
 * typed body, replies whose in_reply_to names a request, no exit on its own. The maelstrom
 * target records what it saw go wrong (its executionLog); any record makes the run invalid.
 */
import type { Checker } from '../../harness/interfaces.js';

export const maelstromProtocolChecker: Checker = (_spec, _history, context) => {
  const errors = context.executionLog;
  if (errors === undefined) return { checker: 'maelstrom-protocol', valid: 'unknown', summary: 'the target kept no protocol record (not a maelstrom run?)' };
  if (errors.length === 0) return { checker: 'maelstrom-protocol', valid: true, summary: 'every node kept to the protocol' };
  const first = errors[0] as { node?: string; error?: string; detail?: string };
  return {
    checker: 'maelstrom-protocol',
    valid: false,
    summary: `${errors.length} protocol violations, first: ${first.node}: ${first.error}${first.detail === undefined ? '' : ` (${first.detail.slice(0, 120)})`}`,
    errors: errors.slice(0, 50),
  };
};
