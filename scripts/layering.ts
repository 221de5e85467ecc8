/**
 * The layering of the source folders (docs/architecture.md), as data, and the scan that checks
 * it: every relative import of a .ts file under the layered folders must point to its own layer
 * or a lower one. A lower layer that imported a higher one would close a cycle between
 * top-level folders (harness -> checkers -> harness was one), which makes the core impossible
 * to use, test or read without the CLI on top of it.
 *
 * harness/ is two layers: its core (the contracts in harness/interfaces.ts, the event and spec
 * types, the history toolkit, the runtimes) is what every other folder builds on; its top (the
 * CLI, the commands, the run loop and the sweep / shrink drivers that call them) uses
 * everything. Which harness files are on top is listed here, once.
 *
 * Imports are read with a regular expression over statements that begin a line (`import ...
 * from`, `export ... from`, `import '...'`) and over `import('...')`: the sources are formatted
 * TypeScript, and a comment line starts with `*` or `//`, so neither is mistaken for an import.
 *
 * Usage: node dist/scripts/layering.js   prints the folder graph and any import against the layering; exits 1 on one.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Bottom first. Folders of one rank may not import each other. */
export const layers: readonly { name: string; rank: number; why: string }[] = [
  { name: 'harness core', rank: 0, why: 'contracts, events, spec, history toolkit, runtimes, exit codes' },
  { name: 'nemesis', rank: 1, why: 'fault packages: need the runtime and the contracts only' },
  { name: 'workloads', rank: 1, why: 'what clients send: need the contracts only' },
  { name: 'checkers', rank: 2, why: 'judge histories; know the workloads they judge' },
  { name: 'targets', rank: 3, why: 'systems under test; reuse workload and model code' },
  { name: 'results', rank: 4, why: 'store and reports: read results of every checker' },
  { name: 'harness top', rank: 5, why: 'the CLI, its commands, the run loop, sweep and shrink drivers' },
];

/** Files and folders of harness/ that form its top layer; everything else in harness/ is core. */
export const harnessTop: readonly string[] = [
  'harness/cli.ts',
  'harness/commands/',
  'harness/run.ts',
  'harness/sweep/',
  'harness/shrink/',
  'harness/spec-from-cli.ts',
  'harness/status-line.ts',
  'harness/test-file/',
];

/** The layer of a repository-relative path (forward slashes), or undefined when it is not layered (test/, bench/, scripts/, examples/, index.ts). */
export function layerOf(file: string): string | undefined {
  const top = file.split('/')[0];
  if (top === 'harness') return harnessTop.some((entry) => (entry.endsWith('/') ? file.startsWith(entry) : file === entry)) ? 'harness top' : 'harness core';
  return layers.some((layer) => layer.name === top) ? top : undefined;
}

export interface ImportEdge {
  /** Repository-relative path of the importing file. */
  from: string;
  line: number;
  /** Repository-relative path of the imported .ts file. */
  to: string;
}

const statementImport = /^[ \t]*(?:import|export)\b[^;'"]*?(?:from[ \t]*)?['"](\.{1,2}\/[^'"]+)['"]/gm;
const dynamicImport = /\bimport\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

/** Relative imports of one source text, resolved to repository-relative .ts paths. */
export function importsOf(file: string, source: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const pattern of [statementImport, dynamicImport]) {
    for (const match of source.matchAll(pattern)) {
      const specifier = match[1];
      const to = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier)).replace(/\.js$/, '.ts');
      const line = source.slice(0, match.index).split('\n').length;
      edges.push({ from: file, line, to });
    }
  }
  return edges;
}

function sourceFiles(root: string, folder: string): string[] {
  const entries = readdirSync(path.join(root, folder), { withFileTypes: true });
  return entries.flatMap((entry) => {
    const relative = `${folder}/${entry.name}`;
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'dist' ? [] : sourceFiles(root, relative);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [relative] : [];
  });
}

/** Every relative import between files of the layered folders under root. */
export function scanImports(root: string): ImportEdge[] {
  const folders = [...new Set(layers.map((layer) => layer.name.split(' ')[0]))];
  return folders.flatMap((folder) => sourceFiles(root, folder).flatMap((file) => importsOf(file, readFileSync(path.join(root, file), 'utf8'))));
}

const rankOf = (layer: string): number => layers.find((l) => l.name === layer)!.rank;

/** The imports that point to a higher layer, or across folders of one rank. */
export function layeringViolations(edges: readonly ImportEdge[]): ImportEdge[] {
  return edges.filter((edge) => {
    const from = layerOf(edge.from);
    const to = layerOf(edge.to);
    if (from === undefined || to === undefined || from === to) return false;
    return rankOf(to) >= rankOf(from);
  });
}

/** Layer -> layer with the number of imports, for the printout. */
export function layerGraph(edges: readonly ImportEdge[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const edge of edges) {
    const from = layerOf(edge.from);
    const to = layerOf(edge.to);
    if (from === undefined || to === undefined || from === to) continue;
    const key = `${from} -> ${to}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  const edges = scanImports(root);
  for (const [pair, count] of [...layerGraph(edges)].sort()) console.log(`${pair}: ${count} imports`);
  const violations = layeringViolations(edges);
  for (const v of violations) console.log(`against the layering: ${v.from}:${v.line} imports ${v.to} (${layerOf(v.from)} -> ${layerOf(v.to)})`);
  console.log(violations.length === 0 ? `layering holds: ${edges.length} imports scanned` : `${violations.length} imports against the layering`);
  process.exitCode = violations.length === 0 ? 0 : 1;
}
