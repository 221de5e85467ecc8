/** The services every Maelstrom run offers its nodes, by the node id they are called with. */
import { linKv } from './lin-kv.js';
import { linTso } from './lin-tso.js';
import { lwwKv } from './lww-kv.js';
import { seqKv } from './seq-kv.js';
import type { ServiceFactory } from './service.js';

export const maelstromServices: Readonly<Record<string, ServiceFactory>> = {
  'lin-kv': linKv,
  'seq-kv': seqKv,
  'lww-kv': lwwKv,
  'lin-tso': linTso,
};
