import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';

/** A seeded source of floats in [0, 1). Never Math.random: a run must replay from its seed. */
export type Rng = () => number;

/**
 * One independent stream per purpose (client slot, nemesis, ...), so that changing how many
 * operations one stream draws does not shift the others: the fault schedule stays the same
 * whatever the clients did.
 */
export function seededRng(seed: number, stream: string | number = 0): Rng {
  const generator = xoroshiro128plus(mixSeed(seed, String(stream)));
  return () => uniformFloat64(generator);
}

/** FNV-1a over the stream name, folded into the seed; a 32-bit int for pure-rand. */
export function mixSeed(seed: number, stream: string): number {
  let hash = 0x811c9dc5 ^ (seed | 0);
  for (let i = 0; i < stream.length; i += 1) {
    hash ^= stream.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return Math.imul(hash ^ (hash >>> 15), 0x2c1b3c6d) | 0;
}
