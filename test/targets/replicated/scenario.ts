/** Helpers shared by the scripted fault scenarios of the replicated targets. */
import assert from 'node:assert/strict';
import type { Completion } from '../../../harness/interfaces.js';
import { kvLinearizableChecker } from '../../../checkers/linearizable.js';
import type { ClusterFixture } from './cluster-fixture.js';

/** Linearizability of the fixture's kv history (get/put/append), per key. */
export function checkKv(fixture: ClusterFixture): { valid: unknown; summary: string } {
  return kvLinearizableChecker(fixture.spec, fixture.history, {});
}

export function describeHistory(fixture: ClusterFixture): string {
  return fixture.history.map((e) => `${e.process} ${e.type} ${e.f} ${JSON.stringify(e.value)}${e.error ? ` (${e.error})` : ''}`).join('\n');
}

/** Retry an operation as fresh client attempts until it is ok (for steps that need the cluster to have recovered). */
export async function untilOk(attempt: () => Promise<Completion>, attemptsMax = 6): Promise<Completion> {
  let last: Completion | undefined;
  for (let i = 0; i < attemptsMax; i++) {
    last = await attempt();
    if (last.type === 'ok') return last;
  }
  assert.fail(`no ok after ${attemptsMax} attempts, last ${JSON.stringify(last)}`);
}
