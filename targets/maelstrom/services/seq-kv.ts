/**
 * `seq-kv`: sequentially consistent (Maelstrom's Sequential wrapper). The last 32 states are
 * kept; each caller has a position that never goes back. A request that changes nothing may be
 * served by any state from the caller's position on (a stale read); one that changes the state
 * runs on the newest. Which stale state is drawn from the seed.
 */
import { applyKv, emptyKv, type KvState } from './kv-state.js';
import type { ServiceFactory } from './service.js';

export const seqKvHistoryLength = 32;

export const seqKv: ServiceFactory = (rng) => {
  const states: KvState[] = [emptyKv()];
  let lastIndex = 0; // index of states[states.length - 1] in the whole sequence
  const positions = new Map<string, number>();
  return {
    name: 'seq-kv',
    handle(src, body) {
      const oldest = lastIndex - states.length + 1;
      const from = Math.max(positions.get(src) ?? 0, oldest);
      const index = from + Math.floor(rng() * (lastIndex - from + 1));
      const state = states[index - oldest]!;
      const [next, reply] = applyKv(state, body);
      if (next === state) {
        positions.set(src, index);
        return reply;
      }
      const [newest, newestReply] = applyKv(states[states.length - 1]!, body);
      states.push(newest);
      if (states.length > seqKvHistoryLength) states.shift();
      lastIndex++;
      positions.set(src, lastIndex);
      return newestReply;
    },
  };
};
