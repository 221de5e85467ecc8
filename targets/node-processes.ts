import type { NodeProcess, RunContext, Target } from '../harness/interfaces.js';

/**
 * The server process of each node of a target, and the process-level faults every such
 * target offers the same way: kill -9 (disk state kept), SIGSTOP / SIGCONT. Targets keep one of
 * these and forward kill / pause / resume / teardown to it.
 */
export class NodeProcesses {
  private readonly byNode = new Map<string, NodeProcess>();
  /** Processes that exited on their own (not through kill()): a start() replaces them. */
  private readonly exitedProcesses = new WeakSet<NodeProcess>();
  /** Processes whose signals go to their process group (processGroup, on a runtime that does not signal whole nodes itself). */
  private readonly groupLeaders = new WeakSet<NodeProcess>();

  /**
   * `label` names the server in errors and harness.log, e.g. 'ledger server', 'etcd member'.
   * `processGroup`: the node's pid leads a process group of its own (a shell started through
   * setsid and whatever it runs), and every signal goes to the whole group, so kill -9 and
   * SIGSTOP reach the server the shell started, not only the shell. Not on a runtime whose
   * processes stand for the whole node (Runtime.signalsWholeNode: a container).
   */
  constructor(
    private readonly label: string,
    private readonly options: { processGroup?: boolean } = {},
  ) {}

  /**
   * Starts a node's process with `spawn`, then waits for `ready` (which can ask `hasExited` to
   * fail early); a process that fails to get ready in time is killed, so a failed start leaves
   * nothing behind. Starting a node that is running already does nothing: healing a crash whose
   * restart had got through (a stop interrupted, or retried) is not an error.
   */
  async start(
    run: RunContext,
    node: string,
    spawn: () => Promise<NodeProcess>,
    ready: (process: NodeProcess, hasExited: () => boolean) => Promise<void>,
  ): Promise<NodeProcess> {
    const running = this.byNode.get(node);
    if (running !== undefined && !this.exitedProcesses.has(running)) {
      run.log.info(`${this.label} already running: nothing to start`, { node, pid: running.pid });
      return running;
    }
    const started = await spawn();
    this.byNode.set(node, started);
    if (this.options.processGroup === true && run.runtime.signalsWholeNode !== true) this.groupLeaders.add(started);
    let exited = false;
    void started.exited.then(() => {
      exited = true;
      this.exitedProcesses.add(started);
    });
    try {
      await ready(started, () => exited);
    } catch (error) {
      this.signal(started, 'SIGKILL');
      this.byNode.delete(node);
      throw error;
    }
    run.log.info(`${this.label} up`, { node, pid: started.pid });
    return started;
  }

  /** kill -9 the node's process and wait until it is gone; a node not running is left alone. */
  async kill(run: RunContext, node: string): Promise<void> {
    const running = this.byNode.get(node);
    if (running === undefined) return;
    this.byNode.delete(node);
    await this.signal(running, 'SIGCONT'); // a stopped process dies on SIGKILL too, but resuming keeps `exited` prompt
    await this.signal(running, 'SIGKILL');
    await running.exited;
    run.log.info(`${this.label} killed`, { node, pid: running.pid });
  }

  /** True once the node's process exits by itself within `timeoutMs` (a crash a target asked the node for); false when it does not, or none runs. */
  async exitsWithin(node: string, timeoutMs: number): Promise<boolean> {
    const running = this.byNode.get(node);
    if (running === undefined) return false;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    const exited = await Promise.race([running.exited.then(() => true as const), timedOut]);
    clearTimeout(timer);
    return exited;
  }

  async pause(node: string): Promise<void> {
    const running = this.byNode.get(node);
    if (running !== undefined) await this.signal(running, 'SIGSTOP');
  }

  async resume(node: string): Promise<void> {
    const running = this.byNode.get(node);
    if (running !== undefined) await this.signal(running, 'SIGCONT');
  }

  private async signal(running: NodeProcess, signal: 'SIGKILL' | 'SIGSTOP' | 'SIGCONT'): Promise<void> {
    if (this.groupLeaders.has(running)) {
      try {
        process.kill(-running.pid, signal);
      } catch {
        // No such group: gone, or setsid has not run yet; the pid itself is signalled below.
      }
    }
    if (signal === 'SIGKILL') running.kill('SIGKILL');
    else if (signal === 'SIGSTOP') await running.pause();
    else await running.resume();
  }
}

/**
 * A Target whose nodes are each one server process: kill -9 / SIGSTOP / SIGCONT / teardown are
 * the same for all of them, so they live here; a subclass says how to set up and start a node.
 */
export abstract class ProcessTarget implements Target {
  protected abstract readonly processes: NodeProcesses;

  abstract setup(run: RunContext, node: string): Promise<void>;
  abstract start(run: RunContext, node: string): Promise<void>;

  async kill(run: RunContext, node: string): Promise<void> {
    await this.processes.kill(run, node);
  }

  async pause(_run: RunContext, node: string): Promise<void> {
    await this.processes.pause(node);
  }

  async resume(_run: RunContext, node: string): Promise<void> {
    await this.processes.resume(node);
  }

  async teardown(run: RunContext, node: string): Promise<void> {
    await this.processes.kill(run, node);
  }
}
