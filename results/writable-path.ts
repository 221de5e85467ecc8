/**
 * Fail early on output paths: the store folder and the JUnit file are checked before a run
 * starts, with one-line usage errors, instead of a stack trace after the run (or, for a path
 * under /proc, Node's recursive mkdir spinning forever). Folders are created one level at a
 * time, never with `recursive: true`.
 */
import { accessSync, constants, mkdirSync, rmSync, statSync, writeFileSync, type Stats } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../harness/exit-codes.js';

/** Makes `dir` (and its missing parents) a folder this process can write in, or throws a UsageError starting with `label`. */
export function ensureWritableDir(dir: string, label: string): void {
  makeWritableDir(path.resolve(dir), `${label} ${dir}`);
}

function makeWritableDir(absolute: string, label: string): void {
  const missing: string[] = [];
  let existing = absolute;
  let stats = statOrUndefined(existing);
  while (stats === undefined) {
    missing.unshift(existing);
    const parent = path.dirname(existing);
    if (parent === existing) break;
    existing = parent;
    stats = statOrUndefined(existing);
  }
  if (stats !== undefined && !stats.isDirectory()) throw new UsageError(`${label}: ${existing} is not a folder`);
  for (const level of missing) {
    try {
      mkdirSync(level);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new UsageError(`${label}: cannot create ${level} (${reason(error)})`);
    }
  }
  // access() says yes to root everywhere; only writing a file shows a read-only or virtual file system.
  const probe = path.join(absolute, `.write-probe-${process.pid}`);
  try {
    writeFileSync(probe, '');
  } catch (error) {
    throw new UsageError(`${label}: cannot write in ${absolute} (${reason(error)})`);
  } finally {
    rmSync(probe, { force: true });
  }
}

/** Checks that `file` can be written later (its folder exists or can be made, it is no folder), or throws a UsageError starting with `label`. */
export function checkWritableFile(file: string, label: string): void {
  const absolute = path.resolve(file);
  const stats = statOrUndefined(absolute);
  if (stats?.isDirectory() === true) throw new UsageError(`${label} ${file}: is a folder`);
  if (stats === undefined) return makeWritableDir(path.dirname(absolute), `${label} ${file}`);
  try {
    accessSync(absolute, constants.W_OK);
  } catch (error) {
    throw new UsageError(`${label} ${file}: cannot write it (${reason(error)})`);
  }
}

function statOrUndefined(file: string): Stats | undefined {
  try {
    return statSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // ENOTDIR: a parent is a file; the walk up finds it and names it.
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new UsageError(`${file}: cannot be read (${reason(error)})`);
  }
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code ?? (error instanceof Error ? error.message : String(error));
}
