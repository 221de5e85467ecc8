/**
 * The txn-store's nodes as a Target: the replicated targets' ClusterTarget (one process a node,
 * started through the runtime, health answered when ready), with a crash aimed where two-phase
 * commit is fragile. kill() first asks the node to die at its next commit point, right after
 * the first shard of a transaction writing on several acknowledged its commit, before the
 * others hear of it (the moment the decision record exists for); a node that gets there within
 * commitPointWaitMs dies there, any other is killed as usual. A random kill -9 rarely lands in
 * that window of a millisecond; real coordinators do crash there, and only the durable decision
 * makes the restarted one finish the commit instead of presuming an abort.
 */
import type { RunContext } from '../../harness/interfaces.js';
import { ClusterTarget } from '../replicated/cluster-target.js';
import { RpcTimeoutError, UdpRpc } from '../replicated/udp-rpc.js';
import type { CrashAtCommitPoint } from './protocol.js';

/** How long kill() waits for the node to reach a commit point, ms. */
export const commitPointWaitMs = 1000;

export class TxnStoreTarget extends ClusterTarget {
  override async kill(run: RunContext, node: string): Promise<void> {
    const rpc = await UdpRpc.bind({ host: '0.0.0.0', port: 0 }, `crash-${node}-${process.pid}`);
    try {
      await rpc.call(run.runtime.addressOf('client', node), { t: 'crash-at-commit-point' } satisfies CrashAtCommitPoint, { attemptTimeoutMs: 100, attemptsMax: 2 });
      const died = await this.processes.exitsWithin(node, commitPointWaitMs);
      run.log.info(died ? 'txn-store node crashed at a commit point' : 'txn-store node reached no commit point in time: killed', { node });
    } catch (error) {
      if (!(error instanceof RpcTimeoutError)) throw error;
      run.log.info('txn-store node did not answer the crash request: killed', { node });
    } finally {
      rpc.close();
    }
    await super.kill(run, node);
  }
}
