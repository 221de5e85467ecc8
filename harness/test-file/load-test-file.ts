/**
 * `harness test FILE`: load a .ts, .js/.mjs or .json test file and give back its exported test,
 * checked (validate-test-file.ts). A .ts file goes through tsx, a runtime dependency: Node 20
 * cannot strip types and the project's TypeScript 7 has no in-memory transpile API, so without
 * it users would need a build step of their own. A syntax error, a throw while loading and a
 * bad shape are all usage errors (exit 64) naming the file and, where known, the line.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { UsageError } from '../exit-codes.js';
import type { TestFile } from './define-test.js';
import { validateTestFile } from './validate-test-file.js';

export const testFileExtensions = ['.ts', '.mts', '.js', '.mjs', '.json'] as const;

/** The checked test, and the file's text (to name lines later). */
export async function loadTestFile(file: string): Promise<{ test: TestFile; source: string }> {
  const absolute = path.resolve(file);
  const extension = path.extname(absolute);
  if (!(testFileExtensions as readonly string[]).includes(extension)) {
    throw new UsageError(`${file}: a test file ends in ${testFileExtensions.join(', ')}`);
  }
  if (!existsSync(absolute)) throw new UsageError(`${file}: no such test file`);
  const source = readFileSync(absolute, 'utf8');
  let exported: unknown;
  if (extension === '.json') {
    try {
      exported = JSON.parse(source);
    } catch (error) {
      throw new UsageError(`${file}:${jsonErrorLine(source, error)}: not valid JSON: ${(error as Error).message}`);
    }
  } else {
    let module: Record<string, unknown>;
    try {
      const url = pathToFileURL(absolute).href;
      module = (extension === '.ts' || extension === '.mts' ? await tsImport(url, import.meta.url) : await import(url)) as Record<string, unknown>;
    } catch (error) {
      throw new UsageError(`${file}:${errorLine(error, absolute) ?? 1}: ${loadErrorText(error)}`);
    }
    exported = exportedTest(module);
  }
  return { test: validateTestFile(exported, file, source), source };
}

/** The default export (unwrapped once more when a CommonJS-style file was interop-wrapped), else `test`. */
function exportedTest(module: Record<string, unknown>): unknown {
  let value = module.default ?? module.test;
  if (typeof value === 'object' && value !== null && 'default' in value && Object.keys(value).length === 1) value = (value as { default: unknown }).default;
  return value;
}

function loadErrorText(error: unknown): string {
  if (!(error instanceof Error)) return `threw ${String(error)} while loading`;
  const first = error.message.split('\n').find((line) => line.trim() !== '') ?? error.message;
  return error.name === 'SyntaxError' || /Transform failed|Expected|Unexpected/.test(error.message) ? `syntax error: ${first}` : `threw while loading: ${error.name}: ${first}`;
}

/** The line in `file` an error points at: esbuild's "file:line:col", or the stack's first frame in the file. */
function errorLine(error: unknown, file: string): number | undefined {
  const text = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);
  const escaped = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  for (const name of [pathToFileURL(file).href, file, path.basename(file)]) {
    const match = new RegExp(`${escaped(name)}:(\\d+)`).exec(text);
    if (match !== null) return Number(match[1]);
  }
  return undefined;
}

function jsonErrorLine(source: string, error: unknown): number {
  const message = (error as Error).message;
  const line = /line (\d+)/.exec(message);
  if (line !== null) return Number(line[1]);
  const position = /position (\d+)/.exec(message);
  return position === null ? 1 : source.slice(0, Number(position[1])).split('\n').length;
}
