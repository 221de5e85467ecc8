/**
 * A minimal Redis client: one TCP connection speaking RESP2, one command at a time (a harness
 * client is sequential). After a timeout or error the connection is dropped, so a late reply
 * can never be taken for the answer to the next command; the next command reconnects.
 */
import { connect, type Socket } from 'node:net';
import type { Address } from '../../harness/interfaces.js';

export type RespValue = string | number | null | RespError | RespValue[];

/** An error reply (-ERR ..., -READONLY ...): Redis answered and refused the command. */
export class RespError {
  constructor(readonly message: string) {}
}

/** The command's outcome is unknown: it may or may not have run (timeout, reset). */
export class RespConnectionError extends Error {
  constructor(
    message: string,
    /** True when the command surely never reached Redis (connection refused). */
    readonly surelyNotSent: boolean,
  ) {
    super(message);
  }
}

/** RESP2 request: an array of bulk strings. */
export function encodeCommand(args: readonly string[]): Buffer {
  const parts = [`*${args.length}\r\n`];
  for (const arg of args) parts.push(`$${Buffer.byteLength(arg)}\r\n${arg}\r\n`);
  return Buffer.from(parts.join(''));
}

/**
 * Parse one RESP2 value from the start of `buffer`; undefined when it is not complete yet,
 * else the value and how many bytes it took.
 */
export function parseReply(buffer: Buffer, offset = 0): { value: RespValue; end: number } | undefined {
  const lineEnd = buffer.indexOf('\r\n', offset);
  if (lineEnd < 0) return undefined;
  const type = String.fromCharCode(buffer[offset]!);
  const line = buffer.toString('utf8', offset + 1, lineEnd);
  const next = lineEnd + 2;
  switch (type) {
    case '+':
      return { value: line, end: next };
    case '-':
      return { value: new RespError(line), end: next };
    case ':':
      return { value: Number(line), end: next };
    case '$': {
      const length = Number(line);
      if (length < 0) return { value: null, end: next };
      if (buffer.length < next + length + 2) return undefined;
      return { value: buffer.toString('utf8', next, next + length), end: next + length + 2 };
    }
    case '*': {
      const count = Number(line);
      if (count < 0) return { value: null, end: next };
      const items: RespValue[] = [];
      let position = next;
      for (let i = 0; i < count; i++) {
        const item = parseReply(buffer, position);
        if (item === undefined) return undefined;
        items.push(item.value);
        position = item.end;
      }
      return { value: items, end: position };
    }
    default:
      throw new Error(`RESP: unexpected reply type byte '${type}'`);
  }
}

export class RespConnection {
  private socket: Socket | undefined;
  private connected: Promise<void> | undefined;

  constructor(
    private readonly address: Address,
    private readonly timeoutMs: number,
  ) {}

  /** Run one command; resolves with the reply (a RespError value for an error reply). */
  async command(args: readonly string[]): Promise<RespValue> {
    const deadline = Date.now() + this.timeoutMs;
    const socket = await this.connection(deadline);
    return new Promise<RespValue>((resolve, reject) => {
      let buffer = Buffer.alloc(0);
      const finish = (outcome: () => void): void => {
        clearTimeout(timer);
        socket.off('data', onData);
        socket.off('close', onClose);
        outcome();
      };
      const onData = (chunk: Buffer): void => {
        buffer = Buffer.concat([buffer, chunk]);
        let parsed;
        try {
          parsed = parseReply(buffer);
        } catch (error) {
          this.drop();
          finish(() => reject(new RespConnectionError(String(error), false)));
          return;
        }
        if (parsed !== undefined) finish(() => resolve(parsed.value));
      };
      const onClose = (): void => {
        this.drop();
        finish(() => reject(new RespConnectionError('connection closed before the reply', false)));
      };
      const timer = setTimeout(() => {
        this.drop();
        finish(() => reject(new RespConnectionError('timed-out', false)));
      }, Math.max(1, deadline - Date.now()));
      socket.on('data', onData);
      socket.on('close', onClose);
      socket.write(encodeCommand(args));
    });
  }

  close(): void {
    this.drop();
  }

  private drop(): void {
    this.socket?.destroy();
    this.socket = undefined;
    this.connected = undefined;
  }

  private async connection(deadline: number): Promise<Socket> {
    if (this.socket !== undefined && this.connected !== undefined) {
      await this.connected;
      return this.socket;
    }
    const socket = connect({ host: this.address.host, port: this.address.port });
    socket.setNoDelay(true);
    this.socket = socket;
    this.connected = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new RespConnectionError('connect timed-out', true));
      }, Math.max(1, deadline - Date.now()));
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve();
      });
      socket.once('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(new RespConnectionError(error.code ?? error.message, true));
      });
    });
    // Errors after connect surface as 'close' in command(); keep them from being unhandled.
    socket.on('error', () => {});
    try {
      await this.connected;
    } catch (error) {
      this.drop();
      throw error;
    }
    return socket;
  }
}
