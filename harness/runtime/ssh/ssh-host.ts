/**
 * One host of the ssh runtime: a persistent SSH connection (ssh2) that carries every command
 * the runtime sends there (start a node, signal it, change iptables rules) as its own exec
 * channel, and SFTP to collect files back. ssh2 rather than the system's `ssh` through execa:
 * one connection per host for the whole run instead of a process (and a handshake) per
 * command, which matters with faults changing every second on a 2-core machine, and no
 * dependence on the user's ssh config or known_hosts.
 */
import { readFileSync } from 'node:fs';
import { Client, type ClientChannel } from 'ssh2';

export interface HostAddress {
  user: string;
  address: string;
  port: number;
}

/** 'user@address[:port]' -> its parts (port 22 by default). */
export function parseHost(text: string): HostAddress {
  const match = /^([^@\s]+)@([^:\s]+)(?::(\d+))?$/.exec(text);
  if (match === null) throw new Error(`'${text}' is not user@address[:port]`);
  return { user: match[1]!, address: match[2]!, port: match[3] === undefined ? 22 : Number(match[3]) };
}

/** Quote a word for the remote POSIX shell. */
export function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A loaded 2-core machine's sshd can take seconds to fork and re-exec for a handshake. */
const connectTimeoutMs = 30_000;
export const commandTimeoutMs = 15_000;

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export class SshHost {
  private client: Client | undefined;

  constructor(
    readonly name: string,
    readonly host: HostAddress,
    private readonly keyFile: string,
  ) {}

  async connect(): Promise<void> {
    const client = new Client();
    await new Promise<void>((resolve, reject) => {
      client.once('ready', () => resolve());
      client.once('error', (error) => reject(new Error(`ssh ${this.host.user}@${this.host.address}:${this.host.port} (${this.name}): ${error.message}`)));
      client.connect({ host: this.host.address, port: this.host.port, username: this.host.user, privateKey: readFileSync(this.keyFile), readyTimeout: connectTimeoutMs, keepaliveInterval: 5_000 });
    });
    client.on('error', () => undefined); // after ready: a dropped connection fails the calls in flight
    this.client = client;
  }

  /** Run a command to its end; rejects on a timeout, never on a non-zero exit (see code). */
  async run(command: string, options: { input?: string; timeoutMs?: number } = {}): Promise<CommandResult> {
    const channel = await this.exec(command);
    return new Promise((resolve, reject) => {
      let stdout = '';
      let stderr = '';
      const timer = setTimeout(() => {
        channel.close();
        reject(new Error(`ssh ${this.name}: '${command.slice(0, 80)}' did not finish within ${options.timeoutMs ?? commandTimeoutMs} ms`));
      }, options.timeoutMs ?? commandTimeoutMs);
      channel.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      channel.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      channel.on('close', (code: number | null) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
      if (options.input !== undefined) channel.end(options.input);
      else channel.end();
    });
  }

  /** Start a command and keep its channel: it closes when the command exits. */
  exec(command: string): Promise<ClientChannel> {
    const client = this.requireClient();
    return new Promise((resolve, reject) => client.exec(command, (error, channel) => (error ? reject(error) : resolve(channel))));
  }

  /** Copy a remote file here (SFTP). */
  async download(remotePath: string, localPath: string): Promise<void> {
    const client = this.requireClient();
    await new Promise<void>((resolve, reject) =>
      client.sftp((error, sftp) => {
        if (error) return reject(error);
        sftp.fastGet(remotePath, localPath, (getError) => {
          sftp.end();
          if (getError) reject(getError);
          else resolve();
        });
      }),
    );
  }

  close(): void {
    this.client?.end();
    this.client = undefined;
  }

  private requireClient(): Client {
    if (this.client === undefined) throw new Error(`ssh ${this.name}: not connected`);
    return this.client;
  }
}
