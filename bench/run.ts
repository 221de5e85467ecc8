/**
 * `npm run bench [-- DIR]`: every benchmark section, one function each. DIR (default
 * ../shared/porcupine-data next to the repository) holds the linearizability reference files;
 * with DIR given, only the checker section runs (it is the one that reads DIR).
 * Sections print their own rows; add a section by calling its function below.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchDockerClusterUp } from './docker-cluster-up.js';
import { benchHarnessThroughput } from './harness-throughput.js';
import { benchLinearizability } from './linearizability.js';
import { benchMillionOpReport, benchReportLoad } from './report-load.js';

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dataDirArgument = process.argv[2];
const dataDir = path.resolve(dataDirArgument ?? path.join(repositoryRoot, '..', 'shared', 'porcupine-data'));

const linearizability = await benchLinearizability({ dataDir });
if (linearizability.mismatches.length > 0) process.exitCode = 1;

if (dataDirArgument === undefined) {
  console.log('\n# harness throughput against the no-op in-process target');
  await benchHarnessThroughput();
  console.log('\n# report.html of a 100,000-operation run opened in headless Chromium');
  await benchReportLoad();
  console.log('\n# docker runtime: node image build, and a 3-node cluster up with the image built');
  await benchDockerClusterUp();
  console.log('\n# report.html of a 1,000,000-operation history: under 10 s, or it says what it sampled');
  await benchMillionOpReport();
}
