/**
 * Several fault packages behind one Nemesis (Jepsen's nemesis/compose): invoke dispatches
 * 'start-<kind>' / 'stop-<kind>' (read as harness/history/fault-windows.ts reads them) to the
 * package, keeps track of what is active, and teardown heals everything still active (also
 * after an error), then clears the network.
 */
import type { Completion, Logger, Nemesis, Op, RunContext, Target } from '../harness/interfaces.js';
import { faultEventOf } from '../harness/history/fault-windows.js';
import { networkAbilities } from '../harness/runtime/runtime-abilities.js';
import type { FaultPackage } from './fault-package.js';
import { NetworkFaultState } from './network-fault-state.js';

export class CombinedNemesis implements Nemesis {
  private readonly byName: Map<string, FaultPackage>;
  private readonly network = new NetworkFaultState();
  /** Active faults by kind, in start order, with the params they started with. */
  private readonly active = new Map<string, unknown>();

  constructor(
    readonly faults: readonly FaultPackage[],
    private readonly target: Target,
    private readonly log: Logger,
    /** A replay: start params are the resolved ones a run recorded; ask the target nothing again. */
    private readonly paramsResolved = false,
  ) {
    this.byName = new Map(faults.map((f) => [f.name, f]));
  }

  /** Kinds active now (for tests and the status line). */
  activeKinds(): string[] {
    return [...this.active.keys()];
  }

  async setup(run: RunContext): Promise<void> {
    await this.network.clear(run.runtime); // a run starts healthy whatever came before
  }

  /**
   * Performs one step. Returns info with the step's params as value; `error` is set when the
   * fault could only partly be applied (it stays active, so stop / teardown undo it).
   * Returns fail ("skipped", nothing recorded) for a kind this nemesis does not hold.
   */
  async invoke(run: RunContext, op: Op): Promise<Completion> {
    const step = faultEventOf(op.f);
    const fault = step?.kind == null ? undefined : this.byName.get(step.kind);
    if (step === undefined || fault === undefined) {
      return { type: 'fail', value: op.value, error: `no fault package for '${op.f}' (have ${[...this.byName.keys()].join(', ')})` };
    }
    const context = { run, target: this.target, network: this.network };
    // What this step acts on: a start resolves its params (a targeted fault picks the primary
    // now); a stop undoes exactly what its start did, so it takes the params the start used.
    let params = !step.starts && this.active.has(fault.name) ? this.active.get(fault.name) : op.value;
    try {
      if (step.starts) {
        if (fault.resolve !== undefined && !this.paramsResolved) params = await fault.resolve(context, op.value);
        this.active.set(fault.name, params); // before start: a half-applied fault still gets healed
        await fault.start(context, params);
      } else {
        await fault.stop(context, params);
        this.active.delete(fault.name);
      }
      return { type: 'info', value: params };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.log.error(`nemesis ${op.f} failed`, { error: message });
      return { type: 'info', value: params, error: message };
    }
  }

  /**
   * Heal: stop every active fault, network faults first, each group newest first; then no
   * network fault at all. Never throws. The network goes first because a restart waits for the
   * node to answer the harness: a crash healed under a partition that cuts the harness off
   * (cut-client, a one-node run) timed out and left the node down for the final reads.
   */
  async teardown(run: RunContext): Promise<void> {
    const context = { run, target: this.target, network: this.network };
    const actsOnNetwork = (name: string) => this.byName.get(name)!.needs.some((need) => (networkAbilities as readonly string[]).includes(need));
    const newestFirst = [...this.active].reverse();
    const healOrder = [...newestFirst.filter(([name]) => actsOnNetwork(name)), ...newestFirst.filter(([name]) => !actsOnNetwork(name))];
    for (const [name, params] of healOrder) {
      try {
        await this.byName.get(name)!.stop(context, params);
        this.log.info(`nemesis healed ${name}`, { value: params });
      } catch (error) {
        this.log.error(`nemesis could not heal ${name}`, { error: error instanceof Error ? error.message : String(error) });
      }
      this.active.delete(name);
    }
    try {
      await this.network.clear(run.runtime);
    } catch (error) {
      this.log.error('nemesis could not clear network faults', { error: error instanceof Error ? error.message : String(error) });
    }
  }
}
