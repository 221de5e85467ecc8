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
  /**
   * A configuration's known-outcome words are stored from its low word (below it every bit is
   * set) up to its high word (from it on every bit is clear), then its unknown-outcome words:
   * in a long part most configurations differ only near the frontier, so this stays small
   * where storing the whole bitset would cost (operations / 32) words per configuration.
   */
  private entryLowWord: Int32Array;
  private entryLength: Int32Array;
  private entryOffset: Float64Array;
  private arena: Uint32Array;
  private arenaUsed = 0;
  private count = 0;
  private readonly unknownWords: number;
  /** How many lookups were answered by dominance rather than an exact match. */
  dominatedHits = 0;

  constructor(
    words: number,
    private readonly finiteWords: number,
    expectedEntries: number,
  ) {
    let capacity = 16;
    while (capacity < expectedEntries) capacity *= 2;
    this.unknownWords = words - finiteWords;
    this.buckets = new Int32Array(capacity).fill(-1);
    this.entryHash = new Int32Array(capacity);
    this.entryState = new Int32Array(capacity);
    this.entryNext = new Int32Array(capacity);
    this.entryDead = new Uint8Array(capacity);
    this.entryLowWord = new Int32Array(capacity);
    this.entryLength = new Int32Array(capacity);
    this.entryOffset = new Float64Array(capacity);
    this.arena = new Uint32Array(capacity * (2 + this.unknownWords));
  }

  get size(): number {
    return this.count;
  }

  /**
   * True when (linearized, stateId) was seen, or is dominated by a dead end. `lowWord` and
   * `highWord` delimit the known-outcome words that are neither all ones nor all zeros.
   */
  covers(hash: number, stateId: number, linearized: Uint32Array, lowWord: number, highWord: number): boolean {
    const arena = this.arena;
    const length = highWord - lowWord;
    const unknownWords = this.unknownWords;
    const finiteWords = this.finiteWords;
    for (let entry = this.buckets[hash & (this.buckets.length - 1)]!; entry !== -1; entry = this.entryNext[entry]!) {
      if (this.entryHash[entry] !== hash || this.entryState[entry] !== stateId) continue;
      if (this.entryLowWord[entry] !== lowWord || this.entryLength[entry] !== length) continue;
      const offset = this.entryOffset[entry]!;
      let w = 0;
      while (w < length && arena[offset + w] === linearized[lowWord + w]) w++;
      if (w < length) continue;
      let equal = true;
      let subset = true;
      for (let u = 0; u < unknownWords; u++) {
        const stored = arena[offset + length + u]!;
        const current = linearized[finiteWords + u]!;
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
  add(hash: number, stateId: number, linearized: Uint32Array, lowWord: number, highWord: number): number {
    if (this.count === this.entryHash.length) this.grow();
    const length = highWord - lowWord;
    const needed = length + this.unknownWords;
    if (this.arenaUsed + needed > this.arena.length) {
      const bigger = new Uint32Array(Math.max(this.arena.length * 2, this.arenaUsed + needed));
      bigger.set(this.arena.subarray(0, this.arenaUsed));
      this.arena = bigger;
    }
    const entry = this.count++;
    const offset = this.arenaUsed;
    const arena = this.arena;
    for (let w = 0; w < length; w++) arena[offset + w] = linearized[lowWord + w]!;
    for (let u = 0; u < this.unknownWords; u++) arena[offset + length + u] = linearized[this.finiteWords + u]!;
    this.arenaUsed += needed;
    this.entryHash[entry] = hash;
    this.entryState[entry] = stateId;
    this.entryDead[entry] = 0;
    this.entryLowWord[entry] = lowWord;
    this.entryLength[entry] = length;
    this.entryOffset[entry] = offset;
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
    const resize = <T extends Int32Array | Uint8Array | Float64Array>(array: T): T => {
      const bigger = new (array.constructor as new (length: number) => T)(capacity);
      bigger.set(array);
      return bigger;
    };
    this.entryHash = resize(this.entryHash);
    this.entryState = resize(this.entryState);
    this.entryNext = resize(this.entryNext);
    this.entryDead = resize(this.entryDead);
    this.entryLowWord = resize(this.entryLowWord);
    this.entryLength = resize(this.entryLength);
    this.entryOffset = resize(this.entryOffset);
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
