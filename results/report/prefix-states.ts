/**
 * The model state after each op of the longest linearizable prefix, as Porcupine's view shows
 * on hover. The linearizability checker reports only the state at the end of the prefix, so
 * the report replays the prefix through the same model. A replay that does not end in the
 * checker's own state (e.g. the check ran with a custom --init) is thrown away: no state is
 * better than a wrong one.
 */
import type { ClientOperation, Outcome } from '../../checkers/linearizability/operations.js';
import type { Model } from '../../checkers/models/model.js';
import { isModelName, makeModel } from '../../checkers/models/registry.js';
import { keyedCasRegisterModel } from '../../checkers/models/keyed-cas-register.js';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function modelNamed(name: string): Model<unknown> | undefined {
  if (name === 'cas-register per key') return keyedCasRegisterModel();
  return isModelName(name) ? makeModel(name) : undefined;
}

/** An explained op (checkers/linearizability/result.ts ExplainedOperation) as the model's input. */
function clientOperation(op: Json): ClientOperation | undefined {
  if (typeof op.f !== 'string' || typeof op.process !== 'number' || typeof op.callIndex !== 'number') return undefined;
  const outcome = (['ok', 'fail', 'info'] as const).includes(op.outcome as Outcome) ? (op.outcome as Outcome) : 'info';
  return {
    id: typeof op.id === 'number' ? op.id : op.callIndex,
    process: op.process,
    f: op.f,
    invokeValue: op.value,
    outcome,
    completionValue: outcome === 'info' ? undefined : op.output,
    callIndex: op.callIndex,
    returnIndex: typeof op.returnIndex === 'number' ? op.returnIndex : Infinity,
    callTimeNs: typeof op.callTimeNs === 'number' ? op.callTimeNs : 0,
    returnTimeNs: typeof op.returnTimeNs === 'number' ? op.returnTimeNs : Infinity,
    effectDeadlineIndex: Infinity,
  };
}

/** States after each prefix op, or null when the replay is not possible or disagrees with the checker. */
export function prefixStatesByReplay(modelName: unknown, prefix: readonly unknown[], finalState: unknown): string[] | null {
  if (typeof modelName !== 'string' || typeof finalState !== 'string' || prefix.length === 0) return null;
  const model = modelNamed(modelName);
  if (model === undefined) return null;
  try {
    let state: unknown;
    let started = false;
    const states: string[] = [];
    for (const raw of prefix) {
      if (!isObject(raw)) return null;
      const operation = clientOperation(raw);
      if (operation === undefined) return null;
      const prepared = model.prepare(operation);
      if (!started) {
        state = model.init(prepared?.partKey);
        started = true;
      }
      if (prepared !== undefined) {
        const next = model.step(state, prepared.input, prepared.output);
        if (next === undefined) return null; // the checker linearized it, so this cannot happen unless shapes differ
        state = next;
      }
      states.push(model.describeState(state));
    }
    return states.at(-1) === finalState ? states : null;
  } catch {
    return null; // a model that rejects the op: leave the states out
  }
}
