/**
 * Porcupine's cache of visited configurations (set of linearized operations, model state),
 * on typed arrays. A configuration's bitset has two regions: operations with a known outcome
 * (words [0, finiteWords)) and operations whose outcome is unknown (the rest).
 *
 * Besides exact matches, a configuration is pruned when a configuration already shown to be
 * a dead end has the same state, the same known-outcome operations and a SUBSET of its
 * unknown-outcome operations: whatever can be done from the larger one can be done from the
 * smaller one too (the extra unknown operations simply never take effect), so it is dead too.
 * Only entries marked dead (popped off the search stack) are used for that; entries still on
 * the stack are ancestors and never equal to a later configuration.
 */
export class ConfigCache {
  private buckets: Int32Array;
  private entryHash: Int32Array;
  private entryState: Int32Array;
  private entryNext: Int32Array;
  private entryDead: Uint8Array;
  private bits: Uint32Array;
  private count = 0;
  /** How many lookups were answered by dominance rather than an exact match. */
  dominatedHits = 0;

  constructor(
    private readonly words: number,
    private readonly finiteWords: number,
    expectedEntries: number,
  ) {
    let capacity = 16;
    while (capacity < expectedEntries) capacity *= 2;
    this.buckets = new Int32Array(capacity).fill(-1);
    this.entryHash = new Int32Array(capacity);
    this.entryState = new Int32Array(capacity);
    this.entryNext = new Int32Array(capacity);
    this.entryDead = new Uint8Array(capacity);
    this.bits = new Uint32Array(capacity * words);
  }

  get size(): number {
    return this.count;
  }

  /** True when (linearized, stateId) was seen, or is dominated by a dead end. */
  covers(hash: number, stateId: number, linearized: Uint32Array): boolean {
    const words = this.words;
    const finiteWords = this.finiteWords;
    const bits = this.bits;
    for (let entry = this.buckets[hash & (this.buckets.length - 1)]!; entry !== -1; entry = this.entryNext[entry]!) {
      if (this.entryHash[entry] !== hash || this.entryState[entry] !== stateId) continue;
      const offset = entry * words;
      let w = 0;
      while (w < finiteWords && bits[offset + w] === linearized[w]) w++;
      if (w < finiteWords) continue;
      let equal = true;
      let subset = true;
      for (; w < words; w++) {
        const stored = bits[offset + w]!;
        const current = linearized[w]!;
        if ((stored & ~current) !== 0) {
          subset = false;
          break;
        }
        if (stored !== current) equal = false;
      }
      if (subset && equal) return true;
      if (subset && this.entryDead[entry] === 1) {
        this.dominatedHits++;
        return true;
      }
    }
    return false;
  }

  /** Adds (linearized, stateId); returns its entry number (for markDead). */
  add(hash: number, stateId: number, linearized: Uint32Array): number {
    if (this.count === this.entryHash.length) this.grow();
    const entry = this.count++;
    this.entryHash[entry] = hash;
    this.entryState[entry] = stateId;
    this.entryDead[entry] = 0;
    this.bits.set(linearized, entry * this.words);
    const bucket = hash & (this.buckets.length - 1);
    this.entryNext[entry] = this.buckets[bucket]!;
    this.buckets[bucket] = entry;
    return entry;
  }

  /** Every continuation from this configuration failed. */
  markDead(entry: number): void {
    this.entryDead[entry] = 1;
  }

  private grow(): void {
    const capacity = this.entryHash.length * 2;
    const resize = <T extends Int32Array | Uint8Array | Uint32Array>(array: T, length: number): T => {
      const bigger = new (array.constructor as new (length: number) => T)(length);
      bigger.set(array);
      return bigger;
    };
    this.entryHash = resize(this.entryHash, capacity);
    this.entryState = resize(this.entryState, capacity);
    this.entryNext = resize(this.entryNext, capacity);
    this.entryDead = resize(this.entryDead, capacity);
    this.bits = resize(this.bits, capacity * this.words);
    // Keep chains short: as many buckets as entries.
    this.buckets = new Int32Array(capacity).fill(-1);
    const mask = capacity - 1;
    for (let entry = 0; entry < this.count; entry++) {
      const bucket = this.entryHash[entry]! & mask;
      this.entryNext[entry] = this.buckets[bucket]!;
      this.buckets[bucket] = entry;
    }
  }
}
