/** Which node's shard holds a key: a hash of the key over the cluster's node names in order, the same on every node and client. */
import type { Key } from './protocol.js';

export function shardOf(key: Key, nodesInOrder: readonly string[]): string {
  const text = String(key);
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return nodesInOrder[(hash >>> 0) % nodesInOrder.length]!;
}
