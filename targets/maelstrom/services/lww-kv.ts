/**
 * `lww-kv`: an intentionally weak last-write-wins store (Maelstrom's Eventual wrapper): five
 * replicas; on each request one replica is merged into another (higher timestamp wins), then
 * the request runs on a third, all drawn from the seed. Writes carry a Lamport clock.
 */
import { canonicalJson } from '../../../checkers/models/model.js';
import { applyKv, emptyKv, type KvState } from './kv-state.js';
import type { ServiceFactory } from './service.js';

export const lwwKvReplicas = 5;

export const lwwKv: ServiceFactory = (rng) => {
  const replicas: KvState[] = Array.from({ length: lwwKvReplicas }, emptyKv);
  let clock = 0;
  const pick = () => Math.floor(rng() * lwwKvReplicas);
  return {
    name: 'lww-kv',
    handle(_src, body) {
      const source = pick();
      const dest = pick();
      replicas[dest] = merge(replicas[dest]!, replicas[source]!);
      const i = pick();
      const [next, reply] = applyKv(replicas[i]!, body, clock);
      if (next !== replicas[i]) clock++;
      replicas[i] = next;
      return reply;
    },
  };
};

function merge(a: KvState, b: KvState): KvState {
  const out = new Map(a);
  for (const [key, entry] of b) {
    const mine = out.get(key);
    if (mine === undefined || entry.ts > mine.ts || (entry.ts === mine.ts && canonicalJson(entry.value) > canonicalJson(mine.value))) out.set(key, entry);
  }
  return out;
}
