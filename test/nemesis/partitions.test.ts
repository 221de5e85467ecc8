import assert from 'node:assert/strict';
import fc from 'fast-check';
import { clientLinkName } from '../../harness/runtime/link-names.js';
import { cutClient, halves, isolate, majorityRing, majoritySize, partitionKindsFor, randomPartition, type Partition } from '../../nemesis/partitions.js';
import { laneRng } from '../../nemesis/schedule.js';

/** 1..9 distinct node names. */
const nodeLists = fc.uniqueArray(fc.integer({ min: 1, max: 99 }), { minLength: 1, maxLength: 9 }).map((ids) => ids.map((id) => `n${id}`));
const seeds = fc.integer({ min: 0, max: 2 ** 31 - 1 });

const cannotSend = (p: Partition, from: string, to: string) => p.blocked[from]?.includes(to) ?? false;

function isSymmetric(p: Partition): boolean {
  return Object.entries(p.blocked).every(([from, tos]) => tos.every((to) => cannotSend(p, to, from)));
}

/** Nodes `node` hears from, itself included. */
function heardBy(p: Partition, nodes: readonly string[], node: string): string[] {
  return nodes.filter((sender) => !cannotSend(p, sender, node));
}

describe('nemesis/partitions', () => {
  it('random partitions only name known ends, never block a node from itself, and involve clients only for one node', () => {
    fc.assert(
      fc.property(nodeLists, seeds, (nodes, seed) => {
        const p = randomPartition(nodes, laneRng(seed, 'test'));
        assert.ok(partitionKindsFor(nodes.length).includes(p.kind));
        const known = new Set(nodes.length === 1 ? [...nodes, clientLinkName] : nodes);
        for (const [from, tos] of Object.entries(p.blocked)) {
          assert.ok(known.has(from), `unknown sender ${from}`);
          assert.equal(new Set(tos).size, tos.length, 'no duplicates');
          for (const to of tos) {
            assert.ok(known.has(to), `unknown receiver ${to}`);
            assert.notEqual(from, to);
          }
        }
        assert.ok(Object.values(p.blocked).some((tos) => tos.length > 0), 'a partition cuts something');
      }),
    );
  });

  it('the same seed gives the same partition', () => {
    fc.assert(
      fc.property(nodeLists, seeds, (nodes, seed) => {
        assert.deepEqual(randomPartition(nodes, laneRng(seed, 'p')), randomPartition(nodes, laneRng(seed, 'p')));
      }),
    );
  });

  it('isolate: symmetric, the lonely node reaches no one, the others reach each other', () => {
    fc.assert(
      fc.property(nodeLists.filter((n) => n.length >= 2), fc.nat(), (nodes, pick) => {
        const lonely = nodes[pick % nodes.length]!;
        const p = isolate(nodes, lonely);
        assert.ok(isSymmetric(p));
        for (const other of nodes) {
          if (other === lonely) continue;
          assert.ok(cannotSend(p, lonely, other) && cannotSend(p, other, lonely));
          for (const third of nodes) if (third !== lonely) assert.ok(!cannotSend(p, other, third));
        }
        assert.equal(p.blocked[clientLinkName], undefined, 'clients keep reaching every node');
      }),
    );
  });

  it('halves: symmetric, two sides of floor(n/2) and ceil(n/2), whole inside, cut across', () => {
    fc.assert(
      fc.property(nodeLists.filter((n) => n.length >= 2), (nodes) => {
        const p = halves(nodes);
        assert.ok(isSymmetric(p));
        const sides = new Map<string, string>(); // node -> canonical view
        for (const node of nodes) sides.set(node, heardBy(p, nodes, node).join(','));
        const views = [...new Set(sides.values())];
        assert.equal(views.length, 2);
        const sizes = views.map((v) => v.split(',').length).sort((a, b) => a - b);
        assert.deepEqual(sizes, [Math.floor(nodes.length / 2), Math.ceil(nodes.length / 2)]);
        for (const node of nodes) assert.ok(sides.get(node)!.split(',').includes(node));
      }),
    );
  });

  it('majority ring: every node hears exactly a majority, no two the same one, symmetric iff the majority is odd', () => {
    fc.assert(
      fc.property(nodeLists.filter((n) => n.length >= 3), (ring) => {
        const p = majorityRing(ring);
        const majority = majoritySize(ring.length);
        const views = ring.map((node) => heardBy(p, ring, node));
        for (const [i, view] of views.entries()) {
          assert.equal(view.length, majority, `${ring[i]} hears ${view.join(' ')}`);
          assert.ok(view.includes(ring[i]!), 'a node hears itself');
        }
        assert.equal(new Set(views.map((v) => v.join(','))).size, ring.length, 'views are distinct');
        assert.equal(isSymmetric(p), majority % 2 === 1);
        // Any two majorities overlap, so every pair of nodes has a common node both hear.
        for (const a of views) for (const b of views) assert.ok(a.some((n) => b.includes(n)));
      }),
    );
  });

  it('cut-client: a single node and the clients cannot talk, both ways', () => {
    const p = cutClient(['n1']);
    assert.ok(isSymmetric(p));
    assert.ok(cannotSend(p, clientLinkName, 'n1') && cannotSend(p, 'n1', clientLinkName));
    assert.deepEqual(partitionKindsFor(1), ['cut-client']);
    assert.equal(randomPartition(['n1'], laneRng(1, 'x')).kind, 'cut-client');
  });

  it('with three or more nodes, every kind shows up across seeds', () => {
    const kinds = new Set<string>();
    for (let seed = 0; seed < 50; seed++) kinds.add(randomPartition(['n1', 'n2', 'n3', 'n4', 'n5'], laneRng(seed, 'k')).kind);
    assert.deepEqual([...kinds].sort(), ['halves', 'isolate', 'majority-ring']);
  });
});
