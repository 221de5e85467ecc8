/**
 * The shape of a loaded test file, checked field by field before anything starts: a missing
 * required part of an inline target or workload, an ill-typed or unknown field, each names the
 * file and the line where the field is written (found in the file's text; the first line
 * otherwise). Types are the editor's job; this is what a run needs to be meaningful.
 */
import { UsageError } from '../exit-codes.js';
import type { TestFile } from './define-test.js';
import { consistencyModelNames } from '../../checkers/transactions/consistency-models.js';

type Check = (value: unknown) => string | undefined;

const string: Check = (v) => (typeof v === 'string' ? undefined : 'a string');
const number: Check = (v) => (typeof v === 'number' && Number.isFinite(v) ? undefined : 'a finite number');
const stringList: Check = (v) => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? undefined : 'an array of strings');
const fn: Check = (v) => (typeof v === 'function' ? undefined : 'a function');
const record: Check = (v) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? undefined : 'an object');
const either =
  (...checks: Check[]): Check =>
  (v) => {
    const failures = checks.map((check) => check(v));
    return failures.includes(undefined) ? undefined : failures.join(' or ');
  };
/** An object with these fields (required ones without '?'). */
const shape = (fields: Record<string, Check>): Check => (v) => {
  const notRecord = record(v);
  if (notRecord !== undefined) return notRecord;
  const object = v as Record<string, unknown>;
  for (const [name, check] of Object.entries(fields)) {
    const optional = name.endsWith('?');
    const key = optional ? name.slice(0, -1) : name;
    if (object[key] === undefined) {
      if (!optional) return `an object with a field '${key}'`;
      continue;
    }
    const problem = check(object[key]);
    if (problem !== undefined) return `an object whose '${key}' is ${problem}`;
  }
  return undefined;
};

const inlineTarget = shape({
  name: string,
  createTarget: fn,
  'createClient?': fn,
  'description?': string,
  'defaultNodes?': stringList,
  'workloads?': stringList,
  'options?': record,
  'ops?': stringList,
  'transport?': string,
});
const inlineWorkload = shape({ name: string, nextOp: fn, 'finalOps?': fn, 'description?': string, 'checkers?': stringList, 'ops?': stringList, 'optionalOps?': stringList });
const inlineChecker = shape({ name: string, check: fn });

export const testFileFields: Record<keyof TestFile, Check> = {
  name: string,
  nodes: either(stringList, number),
  target: either(string, inlineTarget),
  targetOptions: record,
  client: fn,
  workload: either(string, inlineWorkload),
  nemesis: stringList,
  runtime: string,
  concurrency: number,
  timeLimitMs: number,
  rateHz: number,
  nemesisIntervalMs: number,
  opTimeoutMs: number,
  seed: number,
  checkers: (v) => (Array.isArray(v) && v.every((x) => string(x) === undefined || inlineChecker(x) === undefined) ? undefined : 'an array of checker names and { name, check } objects'),
  consistencyModels: (v) => {
    const notList = stringList(v);
    if (notList !== undefined) return notList;
    const unknown = (v as string[]).filter((name) => !consistencyModelNames.includes(name));
    return unknown.length === 0 ? undefined : `consistency models (${consistencyModelNames.join(', ')}); unknown: ${unknown.join(', ')}`;
  },
  command: string,
};

/** `exported` as a TestFile, or a UsageError naming file, line and field. */
export function validateTestFile(exported: unknown, file: string, source: string): TestFile {
  if (typeof exported !== 'object' || exported === null || Array.isArray(exported)) {
    throw new UsageError(`${file}:1: the file must export a test (export default defineTest({...})), got ${exported === null ? 'null' : Array.isArray(exported) ? 'an array' : typeof exported}`);
  }
  const test = exported as Record<string, unknown>;
  for (const [field, value] of Object.entries(test)) {
    const check = testFileFields[field as keyof TestFile];
    if (check === undefined) {
      throw new UsageError(`${file}:${lineOf(source, field)}: unknown field '${field}' (known: ${Object.keys(testFileFields).join(', ')})`);
    }
    if (value === undefined) continue;
    const problem = check(value);
    if (problem !== undefined) throw new UsageError(`${file}:${lineOf(source, field)}: '${field}' must be ${problem}, got ${describe(value)}`);
  }
  return test as TestFile;
}

/** Line (1-based) where `field` is first written as a key (`field:` or `"field":`); 1 when not found. */
export function lineOf(source: string, field: string): number {
  const at = source.search(new RegExp(`(^|[\\s{,'"])${field.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}['"]?\\s*:`, 'm'));
  return at < 0 ? 1 : source.slice(0, at + 1).split('\n').length;
}

function describe(value: unknown): string {
  if (typeof value === 'function') return 'a function';
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 60)}...` : text;
}
