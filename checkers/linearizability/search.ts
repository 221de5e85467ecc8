/**
 * The search for a linearization of one part of a history: Porcupine's checkSingle (Wing &
 * Gong / Lowe's just-in-time linearization) on typed arrays, iterative with an explicit stack.
 *
 * Calls and returns form a doubly linked list in real-time order. Walking it from the head,
 * every call met before the first return is an operation that may be linearized next (a
 * candidate); linearizing one "lifts" its call and return out of the list (dancing links). When
 * no candidate works, the current prefix cannot be extended: undo the last choice and try the
 * next candidate. Candidates are tried in call order as in Porcupine, but known-outcome ones
 * before unknown-outcome ones (which rarely need to take effect at all). Visited
 * (linearized set, state) configurations are cached so no configuration is explored twice.
 *
 * Operations whose outcome is unknown have no return entry: they may be linearized at any
 * point after their call, or never, so the search succeeds as soon as every operation with a
 * known outcome is linearized. An optional one (HistoryEvent.optional: it took effect before its
 * completion or not at all) has a return entry that bars nothing: it may go next only while
 * every operation linearized so far was called before that return (the earliest linearization
 * point of the prefix is the latest call in it), and after that never.
 *
 * Pruning beyond Porcupine (each rule has a property test against a brute-force checker):
 * 1. A legal candidate that never changes the state (Model.readOnly: a matching read, a failed
 *    cas) is linearized at once, with no alternatives: if any linearization exists from here,
 *    one exists that starts with it (moving it to the front changes no state, since it changes
 *    none wherever it is legal, and no remaining operation returned before its call). Not so
 *    for a write of the current value: later, it could change the state. Nor for one called
 *    after a pending optional operation's deadline: moved to the front, it would shut that out.
 * 2. Unknown-outcome operations with identical input and output are interchangeable: one is
 *    only tried once every earlier-called twin is linearized.
 * 3. An unknown-outcome operation that would leave the state unchanged is not tried: the
 *    configuration it leads to can do nothing the current one cannot (it may simply never happen).
 * 4. A blind write (Model.blindWrite) is not tried right after an unknown-outcome operation:
 *    it overwrites that operation's effect, so trying the write before it (a sibling branch,
 *    tried too) covers every continuation.
 * 5. A configuration is dead when a dead configuration has the same state and known-outcome
 *    set and a subset of its unknown-outcome operations (see config-cache.ts).
 * 6. When one of the next operations to return (up to readLookahead of them) is a read that
 *    the model says can never become legal through the operations called before that return
 *    (Model.mayBecomeLegal), the configuration is dead: the read must take effect before it
 *    returns. This is what makes the kv histories cheap: a wrong order of concurrent appends
 *    is refuted by the first pending read instead of after every interleaving after it.
 */
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { ConfigCache } from './config-cache.js';
import { ILLEGAL, type StateSpace } from './state-space.js';

export interface SearchInput {
  /**
   * Operations are numbered known-outcome ones first (ids [0, finiteCount)), then the
   * unknown-outcome ones. Real-time positions of calls and returns (returns of unknown-outcome
   * operations are +Infinity, or for an optional one its deadline); positions are distinct.
   */
  callPosition: readonly number[];
  returnPosition: readonly number[];
  finiteCount: number;
  /** For an unknown-outcome operation: the previous-called one with identical input/output, or -1. */
  previousTwin: Int32Array;
  /** 1 for operations that never change the state (Model.readOnly). */
  readOnly: Uint8Array;
  /** 1 for operations whose resulting state does not depend on the state before (Model.blindWrite). */
  blindWrite: Uint8Array;
  /** Model.mayBecomeLegal for operation `op` in state `stateId`, when the model has it. */
  mayBecomeLegal?: (stateId: number, op: number, blindWriteAvailable: boolean) => boolean;
  states: StateSpace<unknown>;
  initialState: number;
  /** performance.now() value after which the search gives up; Infinity for no limit. */
  deadlineMs: number;
}

export interface StuckPoint {
  /** The longest linearizable prefix found, in linearization order (operation ids). */
  prefix: number[];
  /** The model state after it. */
  stateId: number;
  /** Operations that could come next in real time, none of which led to a linearization. */
  candidates: number[];
}

/** How often each pruning rule fired (for tests that show a rule is exercised, and for curiosity). */
export interface PruningCounts {
  readOnlyForced: number;
  twinSkipped: number;
  noEffectSkipped: number;
  blindWriteSkipped: number;
  unreachableRead: number;
  dominated: number;
}

export type SearchOutcome =
  | { result: 'linearizable'; linearization: number[]; configurations: number; pruning: PruningCounts }
  | { result: 'not-linearizable'; stuck: StuckPoint; configurations: number; pruning: PruningCounts }
  | { result: 'timed-out'; configurations: number; pruning: PruningCounts }
  /** The step budget ran out: call again to continue where it stopped. */
  | { result: 'paused'; configurations: number; pruning: PruningCounts };

/** Continues the search for at most `steps` steps. */
export type ResumableSearch = (steps: number) => SearchOutcome;

let zobristWords = new Int32Array(0);
/** One random 32-bit word per operation id, from a fixed seed: the same on every run. */
function zobrist(count: number): Int32Array {
  if (zobristWords.length < count) {
    const random = xoroshiro128plus(0x5eed);
    const words = new Int32Array(Math.max(count, zobristWords.length * 2, 1024));
    for (let i = 0; i < words.length; i++) words[i] = random.next() | 0;
    zobristWords = words;
  }
  return zobristWords;
}

const NIL = -1;
const DEAD_END = -2;
/** How many returns rule 6 looks at. */
const readLookahead = 8;

/** Searches to the end (or the deadline). */
export function searchLinearization(input: SearchInput): SearchOutcome {
  return startSearch(input)(Infinity);
}

/**
 * A search that runs in slices, so that independent parts can take turns: a part that is not
 * linearizable is found as soon as its own search ends, however long the others would take.
 */
export function startSearch(input: SearchInput): ResumableSearch {
  const { callPosition, returnPosition, finiteCount, previousTwin, readOnly, blindWrite, states, deadlineMs, mayBecomeLegal } = input;
  const count = callPosition.length;
  const hasOptional = returnPosition.some((position, op) => op >= finiteCount && position !== Infinity);
  const finiteWords = (finiteCount + 31) >>> 5;
  const words = finiteWords + ((count - finiteCount + 31) >>> 5);
  // Bit of each operation: known-outcome ones in the first region, the others after it.
  const word = new Int32Array(count);
  const mask = new Int32Array(count);
  for (let op = 0; op < count; op++) {
    const bit = op < finiteCount ? op : finiteWords * 32 + (op - finiteCount);
    word[op] = bit >>> 5;
    mask[op] = 1 << (bit & 31);
  }
  const keys = zobrist(finiteCount);

  // Entry list: node 2*op is op's call, 2*op+1 its return, `head` the sentinel.
  const head = 2 * count;
  const next = new Int32Array(2 * count + 1).fill(NIL);
  const prev = new Int32Array(2 * count + 1).fill(NIL);
  {
    const nodes: number[] = [];
    for (let op = 0; op < count; op++) {
      nodes.push(2 * op);
      if (returnPosition[op] !== Infinity) nodes.push(2 * op + 1);
    }
    const position = (node: number): number => ((node & 1) === 0 ? callPosition[node >> 1]! : returnPosition[node >> 1]!);
    nodes.sort((a, b) => position(a) - position(b));
    let last = head;
    for (const node of nodes) {
      next[last] = node;
      prev[node] = last;
      last = node;
    }
  }
  const lift = (call: number): void => {
    const after = next[call]!;
    next[prev[call]!] = after;
    if (after !== NIL) prev[after] = prev[call]!;
    if (returnPosition[call >> 1] !== Infinity) {
      const ret = call + 1;
      const afterReturn = next[ret]!;
      next[prev[ret]!] = afterReturn;
      if (afterReturn !== NIL) prev[afterReturn] = prev[ret]!;
    }
  };
  const unlift = (call: number): void => {
    if (returnPosition[call >> 1] !== Infinity) {
      const ret = call + 1;
      next[prev[ret]!] = ret;
      if (next[ret] !== NIL) prev[next[ret]!] = ret;
    }
    next[prev[call]!] = call;
    if (next[call] !== NIL) prev[next[call]!] = call;
  };

  const linearized = new Uint32Array(words);
  const cache = new ConfigCache(words, finiteWords, count + 1);
  // The stack: frame d linearized stackOp[d] from the configuration at depth d.
  const stackOp = new Int32Array(count);
  const stackStateBefore = new Int32Array(count);
  const stackEntry = new Int32Array(count);
  const stackForced = new Uint8Array(count);
  // Candidates of the configuration at each depth, in the order they are tried, in one arena:
  // depth d's are candidates[candidateStart[d] .. candidateEnd[d]), the next to try at candidateNext[d].
  const candidateStart = new Int32Array(count + 1);
  const candidateEnd = new Int32Array(count + 1);
  const candidateNext = new Int32Array(count + 1);
  let candidates = new Int32Array(4 * count + 16);
  let depth = 0;
  let state = input.initialState;
  let finiteDone = 0;
  // The first unlinearized and the highest linearized known-outcome operation (for the cache's
  // compact bitsets), and their values before each stack frame.
  let low = 0;
  let highest = -1;
  const stackLowBefore = new Int32Array(count);
  const stackHighestBefore = new Int32Array(count);
  // The latest call among the linearized operations (only kept when some operation is optional).
  let latestCall = -1;
  const stackLatestCallBefore = new Float64Array(hasOptional ? count : 0);
  // Optional operations whose deadline the prefix has passed can never go: their bits are set as
  // if linearized, so configurations that differ only in whether such an operation took effect
  // meet in the cache (without this, every optional write a prefix skipped or took doubled the
  // configurations after it). expiredCount of them, in deadline order, are past; the bits this
  // search set for them are on the marked stack.
  const optionalByDeadline = Int32Array.from(
    hasOptional ? Array.from({ length: count - finiteCount }, (_, i) => finiteCount + i).filter((op) => returnPosition[op] !== Infinity).sort((a, b) => returnPosition[a]! - returnPosition[b]!) : [],
  );
  let expiredCount = 0;
  const expiredMarked = new Int32Array(optionalByDeadline.length);
  let expiredMarkedLength = 0;
  const stackExpiredCountBefore = new Int32Array(hasOptional ? count : 0);
  const stackExpiredMarkedBefore = new Int32Array(hasOptional ? count : 0);
  const unmarkExpired = (downTo: number): void => {
    while (expiredMarkedLength > downTo) {
      const op = expiredMarked[--expiredMarkedLength]!;
      linearized[word[op]!] &= ~mask[op]!;
    }
  };
  let zobristHash = 0;
  let best: StuckPoint | undefined;
  let iterations = 0;

  const isLinearized = (op: number): boolean => (linearized[word[op]!]! & mask[op]!) !== 0;
  /** The entries the next operation must come before: returns of known-outcome operations (an optional one's bars nothing). */
  const isBarrier = (node: number): boolean => (node & 1) === 1 && (!hasOptional || node >> 1 < finiteCount);
  /** An optional operation may go next only before its deadline (the prefix's linearization point is its latest call). */
  const pastDeadline = (op: number): boolean => hasOptional && op >= finiteCount && returnPosition[op]! < latestCall;
  /** Unknown-outcome twins are tried in call order only (pruning rule 2). */
  const blockedTwin = (op: number): boolean => {
    const twin = previousTwin[op]!;
    return twin !== -1 && !isLinearized(twin);
  };
  const configHash = (hash: number, stateId: number): number => hash ^ Math.imul(stateId + 1, 0x9e3779b1);
  /** Linearizes `op` (legal from `state`, giving `nextState`) unless that configuration is covered; true when done. */
  const tryPush = (op: number, nextState: number, forced: boolean): boolean => {
    const hash = op < finiteCount ? zobristHash ^ keys[op]! : zobristHash;
    linearized[word[op]!] |= mask[op]!;
    let nextLow = low;
    let nextHighest = highest;
    if (op < finiteCount) {
      if (op > highest) nextHighest = op;
      if (op === low) {
        nextLow = op + 1;
        while (nextLow < finiteCount && isLinearized(nextLow)) nextLow++;
      }
    }
    let nextLatestCall = latestCall;
    const expiredCountBefore = expiredCount;
    const expiredMarkedBefore = expiredMarkedLength;
    if (hasOptional) {
      nextLatestCall = Math.max(latestCall, callPosition[op]!);
      while (expiredCount < optionalByDeadline.length && returnPosition[optionalByDeadline[expiredCount]!]! < nextLatestCall) {
        const expired = optionalByDeadline[expiredCount++]!;
        if (isLinearized(expired)) continue;
        linearized[word[expired]!] |= mask[expired]!;
        expiredMarked[expiredMarkedLength++] = expired;
      }
    }
    const lowWord = nextLow >>> 5;
    const highWord = Math.min(finiteWords, Math.max(lowWord, nextHighest >> 5) + 1);
    const key = configHash(hash, nextState);
    if (cache.covers(key, nextState, linearized, lowWord, highWord)) {
      linearized[word[op]!] &= ~mask[op]!;
      if (hasOptional) {
        unmarkExpired(expiredMarkedBefore);
        expiredCount = expiredCountBefore;
      }
      return false;
    }
    stackEntry[depth] = cache.add(key, nextState, linearized, lowWord, highWord);
    stackLowBefore[depth] = low;
    stackHighestBefore[depth] = highest;
    if (hasOptional) {
      stackLatestCallBefore[depth] = latestCall;
      stackExpiredCountBefore[depth] = expiredCountBefore;
      stackExpiredMarkedBefore[depth] = expiredMarkedBefore;
      latestCall = nextLatestCall;
    }
    low = nextLow;
    highest = nextHighest;
    stackOp[depth] = op;
    stackStateBefore[depth] = state;
    stackForced[depth] = forced ? 1 : 0;
    depth++;
    zobristHash = hash;
    state = nextState;
    if (op < finiteCount) finiteDone++;
    lift(2 * op);
    return true;
  };
  /**
   * Collects the candidates of the current configuration (calls before the first return in the
   * list): known-outcome ones first, then unknown-outcome ones, each in call order (Porcupine's
   * order; earliest-return-first was measured to explore more on the kv histories).
   * Returns the read-only candidate to force (rule 1), DEAD_END (rule 6), or -1.
   */
  const collectCandidates = (): number => {
    const start = depth === 0 ? 0 : candidateEnd[depth - 1]!;
    if (candidates.length < start + 2 * count) {
      const bigger = new Int32Array(Math.max(candidates.length * 2, start + 2 * count));
      bigger.set(candidates.subarray(0, start));
      candidates = bigger;
    }
    // A forced configuration has no alternatives: an empty list.
    candidateStart[depth] = start;
    candidateNext[depth] = start;
    candidateEnd[depth] = start;
    let end = start;
    let unknownCount = 0;
    let blindWriteAvailable = false;
    // Rule 1 may not force an operation called after a pending optional one's deadline: linearized
    // first, it would shut that one out.
    let earliestDeadline = Infinity;
    let node = next[head]!;
    for (; node !== NIL && !isBarrier(node); node = next[node]!) {
      if ((node & 1) === 1) continue; // an optional operation's deadline
      const op = node >> 1;
      if (pastDeadline(op)) continue;
      if (readOnly[op] === 1 && callPosition[op]! < earliestDeadline && !(op >= finiteCount && blockedTwin(op)) && states.step(state, op) === state) return op;
      if (op >= finiteCount && returnPosition[op]! < earliestDeadline) earliestDeadline = returnPosition[op]!;
      if (blindWrite[op] === 1) blindWriteAvailable = true;
      if (op >= finiteCount) {
        unknownCount++;
        continue;
      }
      candidates[end++] = op;
    }
    // Rule 6: the operation returning first must take effect before anything not yet a
    // candidate; if it is a read the candidates can never make legal, this is a dead end.
    // The same holds for the next few returns: a read must take effect before it returns, so
    // only with operations called before that.
    // Only worth it where the search branches: with one candidate, a contradiction shows soon anyway.
    if (mayBecomeLegal !== undefined && end - start > 1) {
      let returnsLeft = readLookahead;
      for (let ahead = node; ahead !== NIL && returnsLeft > 0; ahead = next[ahead]!) {
        const op = ahead >> 1;
        if ((ahead & 1) === 0) {
          if (blindWrite[op] === 1) blindWriteAvailable = true;
          continue;
        }
        if (op >= finiteCount) continue; // an optional operation's deadline: nothing must take effect before it
        returnsLeft--;
        if (readOnly[op] === 1 && states.step(state, op) === ILLEGAL && !mayBecomeLegal(state, op, blindWriteAvailable)) return DEAD_END;
      }
    }
    if (unknownCount > 0) {
      for (let node = next[head]!; node !== NIL && !isBarrier(node); node = next[node]!) {
        if ((node & 1) === 0 && node >> 1 >= finiteCount && !pastDeadline(node >> 1)) candidates[end++] = node >> 1;
      }
    }
    candidateEnd[depth] = end;
    return -1;
  };
  const recordStuck = (): void => {
    if (best !== undefined && best.prefix.length >= depth) return;
    const stuck: number[] = [];
    for (let node = next[head]!; node !== NIL && !isBarrier(node); node = next[node]!) {
      if ((node & 1) === 0 && !pastDeadline(node >> 1)) stuck.push(node >> 1);
    }
    best = { prefix: Array.from(stackOp.subarray(0, depth)), stateId: state, candidates: stuck };
  };

  const counts = { readOnlyForced: 0, twinSkipped: 0, noEffectSkipped: 0, blindWriteSkipped: 0, unreachableRead: 0 };
  const pruningCounts = (): PruningCounts => ({ ...counts, dominated: cache.dominatedHits });
  let fresh = true;
  return (steps: number): SearchOutcome => {
    let stepsLeft = steps;
    for (;;) {
      if (--stepsLeft < 0) return { result: 'paused', configurations: cache.size, pruning: pruningCounts() };
      if (finiteDone === finiteCount) {
        return { result: 'linearizable', linearization: Array.from(stackOp.subarray(0, depth)), configurations: cache.size, pruning: pruningCounts() };
      }
      if ((++iterations & 0x3ff) === 0 && deadlineMs !== Infinity && performance.now() > deadlineMs) {
        return { result: 'timed-out', configurations: cache.size, pruning: pruningCounts() };
      }
      let backtrack = false;
      if (fresh) {
        fresh = false;
        const forcedOp = collectCandidates();
        if (forcedOp === DEAD_END) {
          counts.unreachableRead++;
          backtrack = true;
        } else if (forcedOp !== -1) {
          // Rule 1: a candidate that never changes the state goes next, with no alternatives.
          counts.readOnlyForced++;
          if (tryPush(forcedOp, state, true)) fresh = true;
          else backtrack = true; // the only continuation worth trying is already known dead
        }
        if (fresh) continue;
      }
      if (!backtrack) {
        const i = candidateNext[depth]!;
        if (i === candidateEnd[depth]) {
          backtrack = true;
        } else {
          candidateNext[depth] = i + 1;
          const op = candidates[i]!;
          if (op >= finiteCount && blockedTwin(op)) {
            counts.twinSkipped++;
            continue;
          }
          // Rule 4: no blind write right after an unknown-outcome operation.
          if (blindWrite[op] === 1 && depth > 0 && stackOp[depth - 1]! >= finiteCount && stackForced[depth - 1] === 0) {
            counts.blindWriteSkipped++;
            continue;
          }
          const nextState = states.step(state, op);
          if (nextState === ILLEGAL) continue;
          // Rule 3: an unknown-outcome operation that changes nothing is never worth trying.
          if (op >= finiteCount && nextState === state) {
            counts.noEffectSkipped++;
            continue;
          }
          if (tryPush(op, nextState, false)) fresh = true;
          continue;
        }
      }
      // Backtrack: the configuration on top of the stack is a dead end; undo choices up to the
      // last one that has alternatives (forced choices have none).
      recordStuck();
      for (;;) {
        if (depth === 0) return { result: 'not-linearizable', stuck: best!, configurations: cache.size, pruning: pruningCounts() };
        depth--;
        const op = stackOp[depth]!;
        cache.markDead(stackEntry[depth]!);
        state = stackStateBefore[depth]!;
        low = stackLowBefore[depth]!;
        highest = stackHighestBefore[depth]!;
        if (hasOptional) {
          latestCall = stackLatestCallBefore[depth]!;
          unmarkExpired(stackExpiredMarkedBefore[depth]!);
          expiredCount = stackExpiredCountBefore[depth]!;
        }
        linearized[word[op]!] &= ~mask[op]!;
        if (op < finiteCount) {
          zobristHash ^= keys[op]!;
          finiteDone--;
        }
        unlift(2 * op);
        if (stackForced[depth] === 0) break;
      }
    }
  };
}
