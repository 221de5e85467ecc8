/**
 * The network's fault state as the combination of what partition and drop each want:
 * partition owns `blocked`, drop owns `loss`. Each change pushes the whole state to the
 * runtime (setNetworkFaults replaces the previous state, so this is idempotent).
 */
import { noFaults, type NetworkFaults, type Runtime } from '../harness/interfaces.js';

export class NetworkFaultState {
  private blocked: NetworkFaults['blocked'] = {};
  private loss: NetworkFaults['loss'] = {};

  async setBlocked(runtime: Runtime, blocked: NetworkFaults['blocked']): Promise<void> {
    this.blocked = blocked;
    await this.apply(runtime);
  }

  async setLoss(runtime: Runtime, loss: NetworkFaults['loss']): Promise<void> {
    this.loss = loss;
    await this.apply(runtime);
  }

  /** Heal: no fault on any link. */
  async clear(runtime: Runtime): Promise<void> {
    this.blocked = {};
    this.loss = {};
    await runtime.setNetworkFaults(noFaults());
  }

  /** The combined faults as they are now (a copy). */
  current(): NetworkFaults {
    return { ...noFaults(), blocked: structuredClone(this.blocked), loss: structuredClone(this.loss) };
  }

  private async apply(runtime: Runtime): Promise<void> {
    await runtime.setNetworkFaults(this.current());
  }
}
