/**
 * The user's --node-command with its placeholders replaced (docs/http-kv.md): {node}, {host},
 * {port}, {peers} (the other nodes as name=host:port, as this node reaches them on the current
 * runtime) and {dataDir}, each value shell-quoted, so names and paths with spaces or quotes
 * stay one word. Unknown {words} are an error, so a typo does not reach the shell (${VAR} is left to the shell).
 */
import { UsageError } from '../../harness/exit-codes.js';
import type { Address } from '../../harness/interfaces.js';
import { shellQuote } from '../../harness/shell-quote.js';

export const nodeCommandPlaceholders = ['node', 'host', 'port', 'peers', 'dataDir'] as const;
export type NodeCommandValues = Record<(typeof nodeCommandPlaceholders)[number], string>;

export function peersValue(peers: ReadonlyArray<{ node: string; address: Address }>): string {
  return peers.map(({ node, address }) => `${node}=${address.host}:${address.port}`).join(',');
}

/** Throws UsageError for an empty command or a {placeholder} not in the list. */
export function checkNodeCommand(template: string): void {
  if (template.trim() === '') throw new UsageError("target 'command' needs --node-command (the command that starts one node, e.g. 'python3 kv.py --listen {host}:{port} --peers {peers} --data {dataDir}'; docs/http-kv.md)");
  for (const match of template.matchAll(/(?<!\$)\{([A-Za-z]+)\}/g)) {
    if (!(nodeCommandPlaceholders as readonly string[]).includes(match[1]!)) {
      throw new UsageError(`--node-command: unknown placeholder {${match[1]}} (known: ${nodeCommandPlaceholders.map((p) => `{${p}}`).join(' ')})`);
    }
  }
}

export function expandNodeCommand(template: string, values: NodeCommandValues): string {
  return template.replace(/(?<!\$)\{([A-Za-z]+)\}/g, (whole, name: string) =>
    Object.hasOwn(values, name) ? shellQuote(values[name as keyof NodeCommandValues]) : whole,
  );
}
