/**
 * The layering of docs/architecture.md holds for the repository's own sources, and the import
 * scan behind it sees the forms of import the sources use (a missed form would let a cycle
 * between top-level folders back in unnoticed).
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { importsOf, layerOf, layeringViolations, scanImports, type ImportEdge } from '../../scripts/layering.js';

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

describe('layering of the source folders', () => {
  it('no import of the sources points to a higher layer (no cycle between top-level folders)', () => {
    const edges = scanImports(repositoryRoot);
    const violations = layeringViolations(edges).map((v) => `${v.from}:${v.line} imports ${v.to}`);
    assert.deepEqual(violations, []);
    // The scan read the sources, not nothing: the run loop's import of the contracts is among them.
    assert.ok(edges.some((e) => e.from === 'harness/run.ts' && e.to === 'harness/interfaces.ts'));
  });

  it('reads single- and multi-line imports, type imports, re-exports and dynamic imports, not comments', () => {
    const source = [
      "import { a } from './a.js';",
      'import type {',
      '  B,',
      '  C,',
      "} from '../checkers/b.js';",
      "export { d } from './d.js';",
      "export * from './e.js';",
      "import './side-effect.js';",
      "const f = await import('../targets/f.js');",
      " * import { g } from './in-a-comment.js';",
      "import { h } from 'node:fs';",
    ].join('\n');
    const edges = importsOf('harness/x.ts', source);
    assert.deepEqual(
      edges.map((e) => [e.to, e.line]),
      [['harness/a.ts', 1], ['checkers/b.ts', 2], ['harness/d.ts', 6], ['harness/e.ts', 7], ['harness/side-effect.ts', 8], ['targets/f.ts', 9]],
    );
  });

  it('flags an import upward and one across folders of one rank, and allows imports downward', () => {
    const edge = (from: string, to: string): ImportEdge => ({ from, line: 1, to });
    const flagged = layeringViolations([
      edge('checkers/registry.ts', 'harness/run.ts'), // checkers -> harness top
      edge('harness/event.ts', 'harness/commands/test.ts'), // harness core -> harness top
      edge('harness/interfaces.ts', 'targets/registry.ts'), // harness core -> targets
      edge('nemesis/crash.ts', 'workloads/kv.ts'), // one rank
      edge('harness/commands/test.ts', 'checkers/registry.ts'), // downward: allowed
      edge('targets/quorum/node.ts', 'harness/interfaces.ts'), // downward: allowed
      edge('test/x.test.ts', 'harness/run.ts'), // not layered
    ]);
    assert.deepEqual(flagged.map((e) => e.from), ['checkers/registry.ts', 'harness/event.ts', 'harness/interfaces.ts', 'nemesis/crash.ts']);
    assert.equal(layerOf('harness/commands/test.ts'), 'harness top');
    assert.equal(layerOf('harness/history/pairing.ts'), 'harness core');
    assert.equal(layerOf('bench/run.ts'), undefined);
  });
});
