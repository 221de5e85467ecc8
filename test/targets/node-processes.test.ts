import assert from 'node:assert/strict';
import type { Logger, NodeProcess, RunContext } from '../../harness/interfaces.js';
import { CombinedNemesis } from '../../nemesis/combined.js';
import { crashFault } from '../../nemesis/crash.js';
import { NodeProcesses, ProcessTarget } from '../../targets/node-processes.js';

/** A NodeProcess without a process: exits when killed, or when the test says so. */
function fakeProcess(node: string, pid: number): NodeProcess & { exitByItself(): void } {
  let exit!: (value: { exitCode?: number; signal?: string }) => void;
  const exited = new Promise<{ exitCode?: number; signal?: string }>((resolve) => (exit = resolve));
  return { node, pid, exited, kill: (signal) => exit({ signal }), pause() {}, resume() {}, exitByItself: () => exit({ exitCode: 1 }) };
}

function context() {
  const messages: string[] = [];
  const log: Logger = { info: (m) => void messages.push(`info ${m}`), warn: (m) => void messages.push(`warn ${m}`), error: (m) => void messages.push(`error ${m}`) };
  return { messages, run: { log, signal: new AbortController().signal } as unknown as RunContext };
}

/** A target whose n2 fails its first restart: the crash fault's stop throws and stays active. */
class FlakyRestartTarget extends ProcessTarget {
  protected readonly processes = new NodeProcesses('fake member');
  spawned: string[] = [];
  private failNext = new Set<string>(['n2']);
  async setup(run: RunContext, node: string): Promise<void> {
    this.failNext.delete(node);
    await this.start(run, node);
    this.failNext.add('n2');
  }
  async start(run: RunContext, node: string): Promise<void> {
    await this.processes.start(run, node, async () => {
      this.spawned.push(node);
      return fakeProcess(node, 100 + this.spawned.length);
    }, async () => {
      if (this.failNext.delete(node)) throw new Error(`${node} did not get ready`);
    });
  }
}

describe('targets/node-processes: starting a running node is not an error', () => {
  it('start() of a node that runs does nothing; one that exited by itself is started again', async () => {
    const { run, messages } = context();
    const processes = new NodeProcesses('fake member');
    const spawned: NodeProcess[] = [];
    const spawn = async () => {
      const process = fakeProcess('n1', spawned.length + 1);
      spawned.push(process);
      return process;
    };
    const first = await processes.start(run, 'n1', spawn, async () => {});
    assert.equal(await processes.start(run, 'n1', spawn, async () => {}), first);
    assert.equal(spawned.length, 1);
    assert.ok(messages.some((m) => /already running/.test(m)));
    (first as ReturnType<typeof fakeProcess>).exitByItself();
    await first.exited;
    await new Promise((resolve) => setImmediate(resolve));
    const second = await processes.start(run, 'n1', spawn, async () => {});
    assert.notEqual(second, first);
    assert.equal(spawned.length, 2);
  });

  it('healing a crash whose restart half failed starts what is down and logs no error', async () => {
    const { run, messages } = context();
    const target = new FlakyRestartTarget();
    for (const node of ['n1', 'n2']) await target.setup(run, node);
    const nemesis = new CombinedNemesis([crashFault], target, run.log);
    await nemesis.invoke(run, { f: 'start-crash', value: { nodes: ['n1', 'n2'] } });
    const stop = await nemesis.invoke(run, { f: 'stop-crash', value: { nodes: ['n1', 'n2'] } });
    assert.match(String(stop.error), /n2 did not get ready/, 'the first restart of n2 failed, n1 came back');
    messages.length = 0;
    await nemesis.teardown({ ...run, runtime: { setNetworkFaults: async () => {} } } as unknown as RunContext);
    assert.deepEqual(messages.filter((m) => m.startsWith('error')), [], 'no "could not heal crash: already running"');
    assert.ok(messages.includes('info nemesis healed crash'));
    assert.deepEqual(target.spawned, ['n1', 'n2', 'n1', 'n2', 'n2'], 'n1 was not started twice');
  });
});
