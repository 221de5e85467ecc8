// A tiny Maelstrom node runtime for this project's own test nodes (no dependency): one JSON
// message a line on stdin/stdout, init handled, replies matched to RPCs with a timeout.
// Written for these tests; Maelstrom's own demo nodes are deliberately not copied here.
import { appendFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export class Node {
  constructor() {
    this.id = undefined;
    this.ids = [];
    this.handlers = new Map();
    this.nextMsgId = 1;
    this.waiting = new Map();
    this.onInit = () => {};
  }

  /** handler(message) returns a reply body, or undefined to reply later (or never). */
  on(type, handler) {
    this.handlers.set(type, handler);
    return this;
  }

  send(dest, body) {
    process.stdout.write(`${JSON.stringify({ src: this.id, dest, body })}\n`);
  }

  reply(message, body) {
    this.send(message.src, { ...body, in_reply_to: message.body.msg_id });
  }

  /** Resolves to the reply body, or to undefined after timeoutMs. */
  rpc(dest, body, timeoutMs = 1000) {
    const msgId = this.nextMsgId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(msgId);
        resolve(undefined);
      }, timeoutMs);
      this.waiting.set(msgId, (reply) => {
        clearTimeout(timer);
        resolve(reply);
      });
      this.send(dest, { ...body, msg_id: msgId });
    });
  }

  /** Where this node may keep files that outlive a crash (the harness's node folder), or undefined. */
  get dataDir() {
    return process.env.HARNESS_NODE_DIR;
  }

  every(ms, fn) {
    setInterval(fn, ms);
  }

  run() {
    const lines = createInterface({ input: process.stdin });
    lines.on('line', (line) => this.receive(JSON.parse(line)));
    lines.on('close', () => process.exit(0));
  }

  async receive(message) {
    const body = message.body;
    if (body.in_reply_to !== undefined && body.type !== 'init') {
      const resolve = this.waiting.get(body.in_reply_to);
      this.waiting.delete(body.in_reply_to);
      resolve?.(body);
      return;
    }
    if (body.type === 'init') {
      this.id = body.node_id;
      this.ids = body.node_ids;
      this.onInit();
      this.reply(message, { type: 'init_ok' });
      return;
    }
    if (this.id === undefined) {
      // Restarted, and a request came before the harness's init: definitely not done.
      this.send(message.src, { type: 'error', code: 11, text: 'not initialised yet', in_reply_to: body.msg_id });
      return;
    }
    const handler = this.handlers.get(body.type);
    if (handler === undefined) {
      this.reply(message, { type: 'error', code: 10, text: `no handler for ${body.type}` });
      return;
    }
    const reply = await handler(message);
    if (reply !== undefined) this.reply(message, reply);
  }
}

/** A JSON file replaced atomically (write + rename), so a kill -9 leaves the old or the new one. */
export function loadJson(dir, name, fallback) {
  if (dir === undefined) return fallback;
  const file = join(dir, name);
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : fallback;
}

export function saveJson(dir, name, value) {
  if (dir === undefined) return;
  const file = join(dir, name);
  writeFileSync(`${file}.tmp`, JSON.stringify(value));
  renameSync(`${file}.tmp`, file);
}

/** Lines appended one at a time; read back whole (a torn last line is skipped). */
export function loadLines(dir, name) {
  if (dir === undefined || !existsSync(join(dir, name))) return [];
  return readFileSync(join(dir, name), 'utf8').split('\n').filter((line) => line !== '').flatMap((line) => {
    try {
      return [JSON.parse(line)];
    } catch {
      return [];
    }
  });
}

export function appendLine(dir, name, value) {
  if (dir !== undefined) appendFileSync(join(dir, name), `${JSON.stringify(value)}\n`);
}

export const buggy = process.argv.includes('--bug');
