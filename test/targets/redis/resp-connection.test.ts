import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import fc from 'fast-check';
import { encodeCommand, parseReply, RespConnection, RespConnectionError, RespError } from '../../../targets/redis/resp-connection.js';

describe('targets/redis RESP2', () => {
  it('parses every reply type, and nothing until a reply is complete', () => {
    const reply = Buffer.from('*4\r\n+OK\r\n:42\r\n$5\r\nhé\r\n\r\n$-1\r\n');
    assert.deepEqual(parseReply(reply), { value: ['OK', 42, 'hé\r\n', null], end: reply.length });
    for (let cut = 0; cut < reply.length; cut++) assert.equal(parseReply(reply.subarray(0, cut)), undefined, `cut at ${cut}`);
    assert.ok(parseReply(Buffer.from('-READONLY no\r\n'))!.value instanceof RespError);
  });

  it('property: a command encoded as an array of bulk strings parses back to its arguments', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme' }), { minLength: 1, maxLength: 5 }), (args) => {
        assert.deepEqual(parseReply(encodeCommand(args))?.value, args);
      }),
      { seed: 4, verbose: true },
    );
  });

  describe('over TCP on 127.0.0.1', () => {
    let server: Server;
    let port = 0;
    let answer = true;
    before(async () => {
      server = createServer((socket) => socket.on('data', () => answer && socket.write('+PONG\r\n')));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as { port: number }).port;
    });
    after(() => server.close());

    it('answers, times out as not-surely-sent, and reconnects after a timeout', async () => {
      const connection = new RespConnection({ host: '127.0.0.1', port }, 300);
      assert.equal(await connection.command(['PING']), 'PONG');
      answer = false;
      await assert.rejects(connection.command(['PING']), (error: RespConnectionError) => error.message === 'timed-out' && !error.surelyNotSent);
      answer = true;
      assert.equal(await connection.command(['PING']), 'PONG');
      connection.close();
    });

    it('a refused connection is surely not sent', async () => {
      const probe = createServer();
      await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
      const freePort = (probe.address() as { port: number }).port;
      await new Promise((resolve) => probe.close(resolve));
      const connection = new RespConnection({ host: '127.0.0.1', port: freePort }, 1000);
      await assert.rejects(connection.command(['PING']), (error: RespConnectionError) => error.surelyNotSent);
    });
  });
});
