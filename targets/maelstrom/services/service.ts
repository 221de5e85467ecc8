/**
 * A Maelstrom service (doc/services.md): a node the harness runs itself, which the nodes under
 * test call by name (lin-kv, seq-kv, lww-kv, lin-tso). handle() answers one request body;
 * the reply gets in_reply_to from the caller.
 */
import type { Rng } from '../../../harness/seeded-rng.js';
import type { Body } from '../../../workloads/maelstrom/message-body.js';


export interface MaelstromService {
  readonly name: string;
  /** `src` is the calling node (seq-kv keeps each caller's position). */
  handle(src: string, body: Body): Body;
}

export type ServiceFactory = (rng: Rng) => MaelstromService;

export const errorBody = (code: number, text: string): Body => ({ type: 'error', code, text });
