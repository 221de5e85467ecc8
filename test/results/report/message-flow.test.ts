/** Matching a node's sends with its peers' receipts, and the counts the report draws. */
import assert from 'node:assert/strict';
import type { MessageRecord } from '../../../targets/maelstrom/message-record.js';
import { lamportArrowsMax, messageFlow } from '../../../results/report/message-flow.js';

const send = (t: number, src: string, dest: string, type: string, id?: number, re?: number): MessageRecord => ({ t, k: 'send', src, dest, type, id, re });
const recv = (t: number, src: string, dest: string, type: string, id?: number, re?: number): MessageRecord => ({ t, k: 'recv', src, dest, type, id, re });

describe('message flow of a Maelstrom run', () => {
  it('matches sends to receipts by sender, receiver, type and ids; an unmatched send never arrived', () => {
    const records = [
      recv(5, 'c1', 'n1', 'broadcast', 1), // a client's request: sent when it arrived
      send(6, 'n1', 'c1', 'broadcast_ok', 0, 1), // to a client: arrives when sent
      send(7, 'n1', 'n2', 'gossip', 1),
      send(8, 'n1', 'n3', 'gossip', 2), // lost
      recv(9, 'n1', 'n2', 'gossip', 1),
      send(10, 'n2', 'n1', 'gossip'), // no ids: matched first come first
      send(11, 'n2', 'n1', 'gossip'),
      recv(12, 'n2', 'n1', 'gossip'),
      recv(13, 'n2', 'n1', 'gossip'),
    ];
    const flow = messageFlow(records, ['n1', 'n2', 'n3'], 100)!;
    assert.deepEqual(flow.endpoints, ['n1', 'n2', 'n3', 'c1']);
    assert.equal(flow.total, 6);
    const arrows = flow.arrows!.map((a) => [flow.endpoints[a.src], flow.endpoints[a.dest], a.sendMs, a.recvMs]);
    assert.deepEqual(arrows, [
      ['c1', 'n1', 5, 5],
      ['n1', 'c1', 6, 6],
      ['n1', 'n2', 7, 9],
      ['n1', 'n3', 8, null],
      ['n2', 'n1', 10, 12],
      ['n2', 'n1', 11, 13],
    ]);
    const pair = (src: string, dest: string) => flow.pairs.find((p) => flow.endpoints[p.src] === src && flow.endpoints[p.dest] === dest);
    assert.deepEqual(pair('n1', 'n3'), { src: 0, dest: 2, sent: 1, received: 0 });
    assert.deepEqual(pair('n2', 'n1'), { src: 1, dest: 0, sent: 2, received: 2 });
    const bucketed = flow.sentPerBucket.reduce((sum, row) => sum + row.reduce((a, b) => a + b, 0), 0);
    assert.equal(bucketed, flow.total);
  });

  it('a run with more messages than the diagram can show keeps the counts only; no records, no flow', () => {
    const records = Array.from({ length: lamportArrowsMax + 1 }, (_, i) => send(i, 'n1', 'n2', 'gossip', i));
    const flow = messageFlow(records, ['n1', 'n2'], lamportArrowsMax)!;
    assert.equal(flow.arrows, null);
    assert.equal(flow.total, lamportArrowsMax + 1);
    assert.equal(flow.pairs[0]!.received, 0);
    assert.equal(messageFlow([], ['n1'], 10), null);
  });
});
