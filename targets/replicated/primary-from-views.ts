/**
 * Who the primary of a view-replicated cluster (primary-backup, chain) is right now, as its
 * nodes say: every node answers `health` with its view. Views are numbered and a number is won
 * by one candidate only, so the newest view any answering node holds names the primary: a
 * deposed primary that has not heard of it yet still holds an older one, and a primary that
 * is paused or cut off is still named by the others.
 */
import type { RunContext } from '../../harness/interfaces.js';
import { RpcTimeoutError, UdpRpc } from './udp-rpc.js';

/** What a view-replicated node answers to `health` (view-replica-node.ts). */
export interface HealthReply {
  t: 'healthy';
  node: string;
  view?: { num: number; members: string[] } | null;
  promised?: number;
}

const attemptTimeoutMs = 150;
const attemptsMax = 2;

export async function primaryFromViews(run: RunContext): Promise<string | undefined> {
  const rpc = await UdpRpc.bind({ host: '0.0.0.0', port: 0 }, `primary-lookup-${process.pid}-${Date.now()}`);
  try {
    const replies = await Promise.all(
      run.spec.nodes.map(async (node) => {
        try {
          return (await rpc.call(run.runtime.listenAddress(node), { t: 'health' }, { attemptTimeoutMs, attemptsMax })) as HealthReply;
        } catch (error) {
          if (error instanceof RpcTimeoutError) return undefined; // paused, crashed or cut off: others may know
          throw error;
        }
      }),
    );
    return primaryOf(replies.filter((r): r is HealthReply => r !== undefined));
  } finally {
    rpc.close();
  }
}

/** Pure: the first member of the newest view among the replies, or undefined. */
export function primaryOf(replies: readonly HealthReply[]): string | undefined {
  let newest: { num: number; members: string[] } | undefined;
  for (const reply of replies) {
    if (reply.view == null || reply.view.members.length === 0) continue;
    if (newest === undefined || reply.view.num > newest.num) newest = reply.view;
  }
  return newest?.members[0];
}
