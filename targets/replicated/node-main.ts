/** Shared `main` of a node process: parse the command line, start, stop cleanly on SIGTERM. */
import { parseNodeArgs, type NodeArgs } from './node-args.js';

export interface StartableNode {
  start(): Promise<void>;
  stop(): void;
}

export async function runNode(create: (args: NodeArgs) => StartableNode): Promise<void> {
  let args: NodeArgs;
  try {
    args = parseNodeArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(64);
  }
  const node = create(args);
  await node.start();
  process.stdout.write(`${new Date().toISOString()} ${args.node} listening on ${args.listen.host}:${args.listen.port} mode ${args.mode}\n`);
  const stop = (): void => {
    node.stop();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
