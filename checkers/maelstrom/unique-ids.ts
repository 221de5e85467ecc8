/** Jepsen's unique-ids checker: no id was handed out twice (ids of any JSON type, compared as canonical JSON). */
import { canonicalJson } from '../models/model.js';
import { pairOperations } from '../linearizability/operations.js';
import type { Checker } from '../../harness/interfaces.js';

export const uniqueIdsChecker: Checker = (_spec, history) => {
  const ok = pairOperations(history).filter((op) => op.f === 'generate' && op.outcome === 'ok');
  const seen = new Map<string, number>();
  for (const op of ok) {
    const id = canonicalJson(op.completionValue ?? null);
    seen.set(id, (seen.get(id) ?? 0) + 1);
  }
  const duplicated = [...seen].filter(([, count]) => count > 1).map(([id, count]) => ({ id: JSON.parse(id) as unknown, count }));
  const base = { attempted: pairOperations(history).filter((op) => op.f === 'generate').length, acknowledged: ok.length, duplicatedCount: duplicated.length };
  if (duplicated.length > 0) return { checker: 'unique-ids', valid: false, summary: `${duplicated.length} ids were handed out more than once, e.g. ${JSON.stringify(duplicated[0]!.id)} ${duplicated[0]!.count} times`, ...base, duplicated: duplicated.slice(0, 20) };
  if (ok.length === 0) return { checker: 'unique-ids', valid: 'unknown', summary: 'no id was generated', ...base };
  return { checker: 'unique-ids', valid: true, summary: `${ok.length} ids, all distinct`, ...base };
};
