/** Seeded randomness for node processes (election jitter): never Math.random. */
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformInt } from 'pure-rand/distribution/uniformInt';

export function seededIntBetween(seed: number, salt: string): (fromIncl: number, toIncl: number) => number {
  let hash = seed | 0;
  for (const ch of salt) hash = (Math.imul(hash, 31) + ch.charCodeAt(0)) | 0;
  const rng = xoroshiro128plus(hash);
  return (fromIncl, toIncl) => uniformInt(rng, fromIncl, toIncl);
}
