/**
 * Maelstrom's --log-stderr, --log-net-send and --log-net-recv: what the nodes write on stderr,
 * and the messages they send and receive, printed on the harness's stderr as they happen, a
 * line each with the node's name in front (Maelstrom prints them into its log). They are always
 * kept in the store (nodes/<node>/node.log, nodes/<node>/messages.jsonl); these flags only
 * echo them. The harness reads those files as they grow (every 200 ms, whole lines only, and
 * once more at the end): they are written where the store is, which the harness shares with
 * the nodes on local, netns and docker; an ssh host's logs come back at the end of the run.
 */
import fs from 'node:fs';
import { join } from 'node:path';
import { messagesFileName, type MessageRecord } from './message-record.js';

export interface EchoedLogs {
  stderr: boolean;
  netSend: boolean;
  netRecv: boolean;
}

const pollMs = 200;

interface TailedFile {
  path: string;
  offset: number;
  carry: string;
  format(line: string): string | undefined;
}

export class LogTail {
  private readonly files: TailedFile[] = [];
  private readonly paths = new Set<string>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly echo: EchoedLogs,
    private readonly write: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
  ) {
    this.timer = setInterval(() => this.poll(), pollMs);
    this.timer.unref();
  }

  static wanted(echo: EchoedLogs): boolean {
    return echo.stderr || echo.netSend || echo.netRecv;
  }

  /** Follows a node's files from their current end (a restarted node appends to the same ones). */
  follow(node: string, nodeDir: string): void {
    if (this.echo.stderr) this.add(join(nodeDir, 'node.log'), (line) => `${node}: ${line}`);
    if (this.echo.netSend || this.echo.netRecv) this.add(join(nodeDir, messagesFileName), (line) => this.formatMessage(node, line));
  }

  /** Prints what is left and stops. */
  stop(): void {
    clearInterval(this.timer);
    this.poll();
    for (const file of this.files) if (file.carry !== '') this.print(file, file.carry);
  }

  private add(path: string, format: (line: string) => string | undefined): void {
    if (this.paths.has(path)) return;
    this.paths.add(path);
    const offset = fs.existsSync(path) ? fs.statSync(path).size : 0;
    this.files.push({ path, offset, carry: '', format });
  }

  private formatMessage(node: string, line: string): string | undefined {
    let record: MessageRecord;
    try {
      record = JSON.parse(line) as MessageRecord;
    } catch {
      return undefined;
    }
    if ((record.k === 'send' && !this.echo.netSend) || (record.k === 'recv' && !this.echo.netRecv)) return undefined;
    const ids = `${record.id === undefined ? '' : ` msg_id ${record.id}`}${record.re === undefined ? '' : ` in_reply_to ${record.re}`}`;
    return `${node} ${record.k} ${record.src} -> ${record.dest} ${record.type}${ids} (at ${record.t.toFixed(1)} ms)`;
  }

  private poll(): void {
    for (const file of this.files) {
      let size: number;
      try {
        size = fs.statSync(file.path).size;
      } catch {
        continue; // not written yet
      }
      if (size <= file.offset) continue;
      const buffer = Buffer.alloc(size - file.offset);
      const fd = fs.openSync(file.path, 'r');
      try {
        fs.readSync(fd, buffer, 0, buffer.length, file.offset);
      } finally {
        fs.closeSync(fd);
      }
      file.offset = size;
      const lines = (file.carry + buffer.toString('utf8')).split('\n');
      file.carry = lines.pop() ?? '';
      for (const line of lines) this.print(file, line);
    }
  }

  private print(file: TailedFile, line: string): void {
    const text = file.format(line);
    if (text !== undefined) this.write(text);
  }
}
