/** `lin-kv`: a linearizable key-value store; one state, every request applied in arrival order. */
import { applyKv, emptyKv } from './kv-state.js';
import type { ServiceFactory } from './service.js';

export const linKv: ServiceFactory = () => {
  let state = emptyKv();
  return {
    name: 'lin-kv',
    handle(_src, body) {
      const [next, reply] = applyKv(state, body);
      state = next;
      return reply;
    },
  };
};
