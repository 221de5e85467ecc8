/**
 * The `command` target: the user's own server, one process per node, started from
 * --node-command with /bin/sh -c (docs/http-kv.md). The shell runs through setsid, so it leads
 * a process group of its own and crash (kill -9) and pause (SIGSTOP / SIGCONT) reach whatever it
 * started (in a container, the engine's kill and freezer do that: no setsid). With --image
 * (docker runtime) the command runs in a container of the user's image. A crashed node restarts with the same command on the same data directory. Its
 * stdout and stderr go to nodes/<node>/node.log.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Address, RunContext } from '../../harness/interfaces.js';
import { NodeProcesses, ProcessTarget } from '../node-processes.js';
import { waitUntil } from '../tcp-server-target.js';
import { expandNodeCommand, peersValue } from './node-command.js';
import { probe, type Readiness } from './readiness.js';

export interface CommandTargetOptions {
  /** The command with placeholders, as given. */
  nodeCommand: string;
  ready: Readiness;
  /** How long a node may take to get ready after each start, ms. */
  readyTimeoutMs: number;
}

/** Lines of a node's log quoted in the error when it exits during start. */
const logTailLines = 10;

export const nodeDir = (run: RunContext, node: string): string => join(run.dir, 'nodes', node);
export const dataDirOf = (run: RunContext, node: string): string => join(nodeDir(run, node), 'data');
export const logFileOf = (run: RunContext, node: string): string => join(nodeDir(run, node), 'node.log');

/** Where `from` ('client' or a node) reaches `to`: through the runtime, so faults apply (on local: the link's TCP proxy). */
export function addressFrom(run: RunContext, from: string, to: string): Address {
  return run.runtime.addressOf(from, to, 0);
}

export class CommandTarget extends ProcessTarget {
  protected readonly processes = new NodeProcesses('node command', { processGroup: true });

  constructor(readonly options: CommandTargetOptions) {
    super();
  }

  /** The shell command line of a node, placeholders replaced. */
  commandLine(run: RunContext, node: string): string {
    const listen = run.runtime.listenAddress(node, 0);
    const peers = run.spec.nodes.filter((peer) => peer !== node).map((peer) => ({ node: peer, address: addressFrom(run, node, peer) }));
    return expandNodeCommand(this.options.nodeCommand, {
      node,
      host: listen.host,
      port: String(listen.port),
      peers: peersValue(peers),
      dataDir: dataDirOf(run, node),
    });
  }

  async setup(run: RunContext, node: string): Promise<void> {
    await mkdir(dataDirOf(run, node), { recursive: true });
    await this.start(run, node);
  }

  async start(run: RunContext, node: string): Promise<void> {
    const logFile = logFileOf(run, node);
    const command = this.commandLine(run, node);
    const listen = run.runtime.listenAddress(node, 0);
    const readyWhat = this.options.ready === 'http' ? `GET http://${listen.host}:${listen.port}/health to answer 200` : `${listen.host}:${listen.port} to accept connections`;
    await this.processes.start(
      run,
      node,
      // In a container the engine's kill and freezer reach everything: no setsid (which an image may lack).
      () => (run.runtime.signalsWholeNode === true ? run.runtime.spawn(node, '/bin/sh', ['-c', command], { logFile }) : run.runtime.spawn(node, 'setsid', ['/bin/sh', '-c', command], { logFile })),
      async (started, hasExited) => {
        let exit: { exitCode?: number; signal?: string } | undefined;
        void started.exited.then((result) => (exit = result));
        try {
          await waitUntil(
            async () => {
              if (hasExited()) {
                const how = exit?.signal !== undefined ? `signal ${exit.signal}` : `exit code ${exit?.exitCode ?? '?'}`;
                throw new Error(`node ${node}: its command exited during start (${how}): ${command}\n${await logTail(logFile)}`);
              }
              return probe(this.options.ready, listen);
            },
            this.options.readyTimeoutMs,
            run.signal,
            `node ${node} (${readyWhat})`,
          );
        } catch (error) {
          if (error instanceof Error && !error.message.includes('exited during start')) {
            error.message = `${error.message}; command: ${command}; log: ${logFile}`;
          }
          throw error;
        }
      },
    );
  }
}

async function logTail(logFile: string): Promise<string> {
  let text = '';
  try {
    text = await readFile(logFile, 'utf8');
  } catch {
    return `(no log at ${logFile})`;
  }
  const lines = text.trimEnd().split('\n').slice(-logTailLines);
  return lines.length === 0 || lines[0] === '' ? `(${logFile} is empty)` : `last lines of ${logFile}:\n  ${lines.join('\n  ')}`;
}
