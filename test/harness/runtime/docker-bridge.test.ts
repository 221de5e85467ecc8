/**
 * The docker runtime's own bridge naming (docker/bridge.ts): a container's MAC follows from its
 * address (so a restarted node is the same neighbour), link names fit the kernel's 15
 * characters, and cleanup by name takes a docker run's links and nothing of a netns run.
 */
import assert from 'node:assert/strict';
import { bridgeName, dockerLinkPattern, macOf, vethName } from '../../../harness/runtime/docker/bridge.js';
import { layoutFor, newRunPrefix } from '../../../harness/runtime/netns/naming.js';

describe('docker run bridge', () => {
  it("makes a container's MAC from its address, as the engine does", () => {
    assert.equal(macOf('10.232.7.1'), '02:42:0a:e8:07:01');
    assert.equal(macOf('10.232.255.254'), '02:42:0a:e8:ff:fe');
  });

  it('names fit a link name, and cleanup by name takes them but no netns link', () => {
    const prefix = newRunPrefix();
    const names = [bridgeName(prefix), vethName(prefix, 1), vethName(prefix, 250)];
    for (const name of names) {
      assert.ok(name.length <= 15, `${name} fits IFNAMSIZ`);
      assert.match(name, dockerLinkPattern);
    }
    const netns = layoutFor(prefix, ['n1', 'n2'], 3);
    for (const name of [netns.bridge, netns.client.rootLink, netns.client.routerLink, ...netns.nodes.flatMap((n) => [n.link, n.bridgePort])]) {
      assert.doesNotMatch(name, dockerLinkPattern, `${name} is a netns run's`);
    }
  });
});
