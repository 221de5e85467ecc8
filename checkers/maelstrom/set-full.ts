/**
 * Jepsen's set-full checker (Maelstrom's broadcast and g-set), not linearizable: for each added
 * element, which reads (by invocation time) contain it. An element is
 * - lost: known (its add was acknowledged, or a read showed it) yet absent from the latest read
 *   that began after that: it went missing for good;
 * - never-read: acknowledged, but no read began after it was known;
 * - stable: present in the latest reads; reads that began after it was known and missed it
 *   are stale, and its latency is from its add's invocation to the first read after which
 *   every read has it;
 * - unexpected: read, but never added (or its add surely failed).
 * Valid when nothing is lost or unexpected; unknown when no element could be judged.
 */
import { pairOperations, type ClientOperation } from '../linearizability/operations.js';
import { canonicalJson } from '../models/model.js';
import type { Checker } from '../../harness/interfaces.js';

const addNames = new Set(['add', 'broadcast']);
const readNames = new Set(['read', 'final-read']);

interface Element {
  value: unknown;
  add: ClientOperation;
  /** When it became known: the add's ok, or the end of the first read that showed it. */
  knownNs: number;
  lastPresentNs: number;
  lastAbsentNs: number;
  firstPresentAfterLastAbsentNs: number;
  staleReads: number;
}

export const setFullChecker: Checker = (_spec, history) => {
  const ops = pairOperations(history);
  const reads = ops.filter((op) => readNames.has(op.f) && op.outcome === 'ok').sort((a, b) => a.callTimeNs - b.callTimeNs);
  const elements = new Map<string, Element>();
  for (const add of ops.filter((op) => addNames.has(op.f))) {
    const key = canonicalJson(add.invokeValue);
    elements.set(key, { value: add.invokeValue, add, knownNs: add.outcome === 'ok' ? add.returnTimeNs : Infinity, lastPresentNs: -Infinity, lastAbsentNs: -Infinity, firstPresentAfterLastAbsentNs: Infinity, staleReads: 0 });
  }
  const unexpected = new Map<string, unknown>();
  const readSets: Array<Set<string>> = [];
  for (const read of reads) {
    if (!Array.isArray(read.completionValue)) throw new Error(`read by process ${read.process} returned ${JSON.stringify(read.completionValue)?.slice(0, 100)}, not an array`);
    const present = new Set(read.completionValue.map((v) => canonicalJson(v)));
    readSets.push(present);
    for (const key of present) {
      const element = elements.get(key);
      if (element === undefined || element.add.outcome === 'fail') unexpected.set(key, JSON.parse(key));
      else element.knownNs = Math.min(element.knownNs, read.returnTimeNs);
    }
  }
  for (const element of elements.values()) {
    const key = canonicalJson(element.value);
    reads.forEach((read, i) => {
      if (readSets[i]!.has(key)) {
        element.lastPresentNs = read.callTimeNs;
        if (element.firstPresentAfterLastAbsentNs === Infinity) element.firstPresentAfterLastAbsentNs = read.callTimeNs;
      } else if (read.callTimeNs > element.knownNs) {
        element.lastAbsentNs = read.callTimeNs;
        element.staleReads++;
        element.firstPresentAfterLastAbsentNs = Infinity;
      }
    });
  }
  const lost: unknown[] = [];
  const neverRead: unknown[] = [];
  const latenciesMs: number[] = [];
  let stable = 0;
  let staleElements = 0;
  for (const element of elements.values()) {
    if (element.knownNs === Infinity) continue; // never acknowledged, never seen: nothing promised
    if (element.lastAbsentNs > element.lastPresentNs) lost.push(element.value);
    else if (element.lastPresentNs === -Infinity) neverRead.push(element.value);
    else {
      stable++;
      if (element.staleReads > 0) staleElements++;
      latenciesMs.push(Math.max(0, (element.firstPresentAfterLastAbsentNs - element.add.callTimeNs) / 1e6));
    }
  }
  latenciesMs.sort((a, b) => a - b);
  const quantile = (q: number) => (latenciesMs.length === 0 ? null : Math.round(latenciesMs[Math.min(latenciesMs.length - 1, Math.floor(q * latenciesMs.length))]!));
  const details = {
    attempted: elements.size,
    acknowledged: [...elements.values()].filter((e) => e.add.outcome === 'ok').length,
    stableCount: stable,
    lostCount: lost.length,
    neverReadCount: neverRead.length,
    staleCount: staleElements,
    unexpectedCount: unexpected.size,
    lost: lost.slice(0, 50),
    neverRead: neverRead.slice(0, 50),
    unexpected: [...unexpected.values()].slice(0, 50),
    stableLatencyMs: { p50: quantile(0.5), p95: quantile(0.95), p99: quantile(0.99), max: quantile(1) },
  };
  if (lost.length > 0 || unexpected.size > 0) {
    const parts = [lost.length > 0 ? `${lost.length} acknowledged elements lost (e.g. ${JSON.stringify(lost[0])})` : '', unexpected.size > 0 ? `${unexpected.size} read but never added` : ''].filter(Boolean);
    return { checker: 'set-full', valid: false, summary: `${parts.join('; ')}; ${stable} stable`, ...details };
  }
  if (stable === 0) return { checker: 'set-full', valid: 'unknown', summary: `no element could be judged (${neverRead.length} never read)`, ...details };
  return { checker: 'set-full', valid: true, summary: `${stable} elements stable (${staleElements} seen stale first), ${neverRead.length} never read; visible after p50 ${details.stableLatencyMs.p50} ms, max ${details.stableLatencyMs.max} ms`, ...details };
};
