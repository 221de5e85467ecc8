/**
 * `npm run bench [-- DIR]`: every benchmark section, one function each. DIR (default
 * ../shared/porcupine-data next to the repository) holds the linearizability reference files.
 * Sections print their own rows; add a section by calling its function below.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchLinearizability } from './linearizability.js';

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dataDir = path.resolve(process.argv[2] ?? path.join(repositoryRoot, '..', 'shared', 'porcupine-data'));

const linearizability = await benchLinearizability({ dataDir });
if (linearizability.mismatches.length > 0) process.exitCode = 1;
