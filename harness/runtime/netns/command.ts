/**
 * Running the `ip` and `iptables` commands the netns runtime is made of. Every call has an
 * explicit timeout, and a failure names the command line and what it printed.
 */
import { execa } from 'execa';

/** How long one ip/iptables call may take; they normally take a few ms. */
export const commandTimeoutMs = 10_000;

/** A privileged network command failed; carries the command line and its stderr. */
export class NetworkCommandError extends Error {
  constructor(
    readonly commandLine: string,
    readonly stderr: string,
    options?: { cause?: unknown },
  ) {
    super(`'${commandLine}' failed: ${stderr.trim() || 'no output'}`, options);
  }
}

/** Run `file args` and return stdout; throws NetworkCommandError on a non-zero exit. */
export async function run(file: string, args: readonly string[], options: { input?: string } = {}): Promise<string> {
  const result = await execa(file, args, {
    reject: false,
    timeout: commandTimeoutMs,
    input: options.input,
    stdin: options.input === undefined ? 'ignore' : undefined,
  });
  if (result.exitCode !== 0 || result.timedOut) {
    throw new NetworkCommandError([file, ...args].join(' '), String(result.stderr ?? '') || (result.timedOut ? `timed out after ${commandTimeoutMs} ms` : ''));
  }
  return String(result.stdout ?? '');
}

/** Like run(), but a failure is only reported back (cleanup goes on with the next step). */
export async function tryRun(file: string, args: readonly string[]): Promise<{ ok: boolean; stdout: string; stderr: string }> {
  const result = await execa(file, args, { reject: false, timeout: commandTimeoutMs, stdin: 'ignore' });
  return { ok: result.exitCode === 0 && !result.timedOut, stdout: String(result.stdout ?? ''), stderr: String(result.stderr ?? '') };
}

/** Run a command inside a network namespace (`ip netns exec NS ...`). */
export function runIn(namespace: string, file: string, args: readonly string[], options: { input?: string } = {}): Promise<string> {
  return run('ip', ['netns', 'exec', namespace, file, ...args], options);
}
