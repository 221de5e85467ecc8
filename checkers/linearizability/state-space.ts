/**
 * Model states interned to small ints, and the model's step memoized per (state, operation):
 * the search then compares and hashes ints, and calls the model once per distinct pair.
 */
import type { Model } from '../models/model.js';

const EMPTY = -1;
/** step() result for an operation that cannot return its output in that state. */
export const ILLEGAL = -1;

export class StateSpace<S> {
  readonly states: S[] = [];
  private readonly idsByHash = new Map<string | number, number | number[]>();
  // Open-addressing memo of step results, keyed by (stateId, operation).
  private memoState: Int32Array;
  private memoOperation: Int32Array;
  private memoNext: Int32Array;
  private memoCount = 0;

  constructor(
    private readonly model: Model<S>,
    private readonly inputs: readonly unknown[],
    private readonly outputs: readonly unknown[],
  ) {
    // Small parts are the common case (one per key): start small, grow by doubling.
    let capacity = 16;
    while (capacity < 2 * inputs.length) capacity *= 2;
    this.memoState = new Int32Array(capacity).fill(EMPTY);
    this.memoOperation = new Int32Array(capacity);
    this.memoNext = new Int32Array(capacity);
  }

  /** The id of `state`, adding it when new. */
  intern(state: S): number {
    const modelHash = this.model.hash(state);
    // Integer keys in small-integer range keep Map lookups allocation-free; collisions this
    // creates are resolved by model.equal like any other.
    const hash = typeof modelHash === 'number' && Number.isInteger(modelHash) ? modelHash & 0x3fffffff : modelHash;
    const found = this.idsByHash.get(hash);
    if (found === undefined) {
      this.idsByHash.set(hash, this.states.length);
      this.states.push(state);
      return this.states.length - 1;
    }
    if (typeof found === 'number') {
      if (this.model.equal(this.states[found]!, state)) return found;
      this.idsByHash.set(hash, [found, this.states.length]);
    } else {
      for (const id of found) if (this.model.equal(this.states[id]!, state)) return id;
      found.push(this.states.length);
    }
    this.states.push(state);
    return this.states.length - 1;
  }

  /** The state after `operation` from state `stateId`, or ILLEGAL. */
  step(stateId: number, operation: number): number {
    const mask = this.memoState.length - 1;
    let slot = (Math.imul(stateId, 0x9e3779b1) ^ Math.imul(operation, 0x85ebca77)) & mask;
    for (;;) {
      const storedState = this.memoState[slot]!;
      if (storedState === EMPTY) break;
      if (storedState === stateId && this.memoOperation[slot] === operation) return this.memoNext[slot]!;
      slot = (slot + 1) & mask;
    }
    const next = this.model.step(this.states[stateId]!, this.inputs[operation], this.outputs[operation]);
    const nextId = next === undefined ? ILLEGAL : this.intern(next);
    this.memoState[slot] = stateId;
    this.memoOperation[slot] = operation;
    this.memoNext[slot] = nextId;
    if (++this.memoCount * 2 > this.memoState.length) this.growMemo();
    return nextId;
  }

  private growMemo(): void {
    const oldState = this.memoState;
    const oldOperation = this.memoOperation;
    const oldNext = this.memoNext;
    const capacity = oldState.length * 2;
    const mask = capacity - 1;
    this.memoState = new Int32Array(capacity).fill(EMPTY);
    this.memoOperation = new Int32Array(capacity);
    this.memoNext = new Int32Array(capacity);
    for (let i = 0; i < oldState.length; i++) {
      const stateId = oldState[i]!;
      if (stateId === EMPTY) continue;
      let slot = (Math.imul(stateId, 0x9e3779b1) ^ Math.imul(oldOperation[i]!, 0x85ebca77)) & mask;
      while (this.memoState[slot] !== EMPTY) slot = (slot + 1) & mask;
      this.memoState[slot] = stateId;
      this.memoOperation[slot] = oldOperation[i]!;
      this.memoNext[slot] = oldNext[i]!;
    }
  }
}
