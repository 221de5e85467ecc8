/**
 * A target written in TypeScript against chaos-harness's public API: a Target that starts a
 * server of its own (server.mjs, one node, a line protocol over TCP) and a Client that speaks
 * that protocol. Run it with:  npx harness test examples/ts-target/test.ts
 */
import net from 'node:net';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineTest, NodeProcesses, ProcessTarget, waitUntil, type Client, type Completion, type Op, type RunContext } from 'chaos-harness';

const server = fileURLToPath(new URL('./server.mjs', import.meta.url));

class LineRegisterTarget extends ProcessTarget {
  protected readonly processes = new NodeProcesses('line register');

  async setup(run: RunContext, node: string): Promise<void> {
    mkdirSync(path.join(run.dir, 'nodes', node, 'data'), { recursive: true });
    await this.start(run, node);
  }

  async start(run: RunContext, node: string): Promise<void> {
    const { host, port } = run.runtime.listenAddress(node);
    const data = path.join(run.dir, 'nodes', node, 'data');
    await this.processes.start(
      run,
      node,
      () => run.runtime.spawn(node, server, [String(port), host, data], { logFile: path.join(run.dir, 'nodes', node, 'server.log') }),
      (_process, hasExited) =>
        waitUntil(async () => {
          if (hasExited()) throw new Error(`server ${node} exited during start`);
          return (await ask({ host, port }, 'get probe', 500)) !== undefined;
        }, 5000, run.signal, `server ${node} to answer`),
    );
  }
}

/** One request line, one answer line; undefined when the connection fails or time runs out. */
function ask(address: { host: string; port: number }, line: string, timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = net.connect(address.port, address.host);
    let answer = '';
    const done = (value: string | undefined) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(value);
    };
    const timer = setTimeout(() => done(undefined), timeoutMs);
    socket.on('error', () => done(undefined));
    socket.on('data', (chunk) => {
      answer += chunk.toString();
      if (answer.includes('\n')) done(answer.slice(0, answer.indexOf('\n')));
    });
    socket.write(`${line}\n`);
  });
}

class LineRegisterClient implements Client {
  private address = { host: '', port: 0 };
  constructor(private readonly timeoutMs: number) {}

  async open(run: RunContext, node: string): Promise<void> {
    this.address = run.runtime.addressOf('client', node); // through the runtime: faults apply
  }
  async close(): Promise<void> {}

  async invoke(_run: RunContext, op: Op): Promise<Completion> {
    const [key, argument] = op.value as [string, unknown];
    const line = op.f === 'read' ? `get ${key}` : op.f === 'write' ? `set ${key} ${JSON.stringify(argument)}` : `cas ${key} ${JSON.stringify((argument as unknown[])[0])} ${JSON.stringify((argument as unknown[])[1])}`;
    const answer = await ask(this.address, line, this.timeoutMs);
    if (answer === undefined) return { type: 'info', value: op.value, error: 'no answer' }; // may have happened
    if (op.f === 'read') return { type: 'ok', value: [key, answer === 'nil' ? null : JSON.parse(answer.slice('value '.length))] };
    if (answer === 'mismatch') return { type: 'fail', value: op.value, error: 'mismatch' };
    return answer === 'ok' ? { type: 'ok', value: op.value } : { type: 'info', value: op.value, error: answer };
  }
}

export default defineTest({
  name: 'ts-line-register',
  target: {
    name: 'line-register',
    description: 'a one-node register over a line protocol, written in the test file',
    defaultNodes: ['n1'],
    createTarget: () => new LineRegisterTarget(),
    createClient: (spec) => new LineRegisterClient(spec.opTimeoutMs),
  },
  workload: 'register',
  nemesis: ['partition', 'crash', 'pause'],
  timeLimitMs: 8_000,
  runtime: 'local',
});
