import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import junitModule from 'junit-report-builder';
import type { Builder } from 'junit-report-builder';
import type { RunResults } from './store.js';

/**
 * JUnit XML for CI: one test suite per run, one test case per checker. An invalid verdict is a
 * failure, 'unknown' is an error (never a pass), and a run that was aborted adds an error case.
 */
// The package is CommonJS with `module.exports = builder` but types written as `export default`:
// at runtime the default import is the builder itself, for the type checker it is `.default`.
export const junitRoot = ((junitModule as unknown as { default?: Builder }).default ?? (junitModule as unknown as Builder)) as Builder;

export function junitXml(results: RunResults, runDir: string): string {
  const builder = junitRoot.newBuilder();
  const suite = builder
    .testSuite()
    .name(results.spec.name)
    .timestamp(results.startedAt)
    .time(results.elapsedMs / 1000)
    .property('seed', String(results.spec.seed))
    .property('replay', results.spec.command)
    .property('store', runDir);
  for (const result of results.results) {
    const testCase = suite.testCase().className(`harness.${results.spec.name}`).name(result.checker).standardOutput(JSON.stringify(result, null, 2));
    if (result.valid === false) testCase.failure(result.summary, 'invalid');
    else if (result.valid !== true) testCase.error(result.summary, 'unknown');
  }
  if (results.aborted !== undefined) {
    suite.testCase().className(`harness.${results.spec.name}`).name('run').error(results.aborted.message, results.aborted.reason);
  }
  return builder.build();
}

export function writeJunit(file: string, results: RunResults, runDir: string): void {
  writeJunitFile(file, junitXml(results, runDir));
}

/** Writes JUnit XML to file, making its folder. */
export function writeJunitFile(file: string, xml: string): void {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  writeFileSync(file, xml);
}

