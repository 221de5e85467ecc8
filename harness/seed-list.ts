/**
 * Seed lists as people type them: `7`, `1..20`, `1-20` (both inclusive) and lists of these,
 * `1,4,9..12`. One parser for `harness test --seeds` and the matrix scripts' `--seeds`.
 */
import { UsageError } from './exit-codes.js';

/** Largest seed a spec takes (spec-from-cli's --seed limit). */
export const seedMax = 2 ** 31 - 1;
/** A sweep of more seeds than this is a typo, not a plan. */
export const seedListLengthMax = 100_000;

/** The seeds of `text`, in the order given, without repeats; a UsageError names the bad part. */
export function parseSeedList(text: string, flag = '--seeds'): number[] {
  const seeds: number[] = [];
  const seen = new Set<number>();
  const add = (seed: number): void => {
    if (seen.has(seed)) return;
    seen.add(seed);
    seeds.push(seed);
    if (seeds.length > seedListLengthMax) throw new UsageError(`${flag} names more than ${seedListLengthMax} seeds: '${text}'`);
  };
  const parts = text.split(',').map((part) => part.trim());
  if (parts.length === 0 || parts.some((part) => part === '')) throw usage(flag, text, 'an empty item');
  for (const part of parts) {
    const range = /^(\d+)\s*(?:\.\.|-)\s*(\d+)$/.exec(part);
    if (range !== null) {
      const first = seedValue(range[1]!, flag, text);
      const last = seedValue(range[2]!, flag, text);
      if (last < first) throw usage(flag, text, `the range '${part}' runs backwards`);
      for (let seed = first; seed <= last; seed += 1) add(seed);
    } else if (/^\d+$/.test(part)) {
      add(seedValue(part, flag, text));
    } else {
      throw usage(flag, text, `'${part}' is not a seed or a range`);
    }
  }
  return seeds;
}

function seedValue(digits: string, flag: string, text: string): number {
  const seed = Number(digits);
  if (!Number.isSafeInteger(seed) || seed > seedMax) throw usage(flag, text, `${digits} is above the largest seed, ${seedMax}`);
  return seed;
}

function usage(flag: string, text: string, what: string): UsageError {
  return new UsageError(`${flag} wants N, N..M, N-M or a comma-separated list of these; got '${text}' (${what})`);
}
