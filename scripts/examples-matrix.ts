/**
 * Issue 11's claim about examples/python-kv: its correct mode is valid under
 * partition,crash,pause in 20 of 20 seeds on netns and on local, its stale-reads mode is
 * caught (exit 1) in at least 18 of 20. Each cell is `harness test examples/python-kv/test.ts`
 * in a child process, judged by its exit code and results.json together.
 *
 * Usage: npm run examples-matrix -- [--seeds 1-20] [--runtimes netns,local] [--modes correct,stale-reads] [--time-limit 10] [--parallel 1] [--store DIR]
 * Prints one line per row; exits 0 when every row holds, 1 when one does not.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { execa } from 'execa';
import { parseSeedList } from '../harness/seed-list.js';

interface Row {
  mode: 'correct' | 'stale-reads';
  runtime: 'netns' | 'local';
  expect: 'valid' | 'flagged';
  requiredOf20: number;
}

const harnessBin = fileURLToPath(new URL('../../bin/harness.js', import.meta.url));
const testFile = fileURLToPath(new URL('../../examples/python-kv/test.ts', import.meta.url));
const nemesis = 'partition,crash,pause';

interface Cell {
  row: Row;
  seed: number;
  exitCode: number;
  valid?: boolean | 'unknown';
  note: string;
}

async function runCell(row: Row, seed: number, storeDir: string, timeLimitS: number): Promise<Cell> {
  const store = join(storeDir, `${row.mode}-${row.runtime}`, `seed-${seed}`);
  const args = [harnessBin, 'test', testFile, '--runtime', row.runtime, '--nemesis', nemesis, '--time-limit', String(timeLimitS), '--seed', String(seed), '--store', store];
  const child = await execa(process.execPath, args, { reject: false, all: true, timeout: (timeLimitS + 180) * 1000, env: { ...process.env, PYTHON_KV_MODE: row.mode, CI: '1' } });
  const cell: Cell = { row, seed, exitCode: child.exitCode ?? -1, note: (child.all ?? '').split('\n').slice(-4).join(' | ') };
  try {
    const results = JSON.parse(readFileSync(join(store, 'latest', 'results.json'), 'utf8')) as { valid: boolean | 'unknown'; counts: { ok: number; fail: number; info: number } };
    cell.valid = results.valid;
    cell.note = `${results.counts.ok}/${results.counts.fail}/${results.counts.info} ok/fail/info`;
  } catch {
    // No results.json: the output tail says why.
  }
  return cell;
}

const asExpected = (cell: Cell): boolean => (cell.row.expect === 'valid' ? cell.exitCode === 0 && cell.valid === true : cell.exitCode === 1 && cell.valid === false);

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      seeds: { type: 'string', default: '1-20' },
      runtimes: { type: 'string', default: 'netns,local' },
      modes: { type: 'string', default: 'correct,stale-reads' },
      'time-limit': { type: 'string', default: '10' },
      parallel: { type: 'string', default: '1' },
      store: { type: 'string' },
    },
  });
  const seeds = parseSeedList(values.seeds);
  const runtimes = values.runtimes.split(',') as Row['runtime'][];
  const timeLimitS = Number(values['time-limit']);
  const parallel = Number(values.parallel);
  if (runtimes.some((r) => r !== 'netns' && r !== 'local') || !(timeLimitS > 0) || !(parallel >= 1)) {
    process.stderr.write('usage: examples-matrix [--seeds 1-20] [--runtimes netns,local] [--time-limit SECONDS] [--parallel N] [--store DIR]\n');
    return 64;
  }
  const modes = values.modes.split(',');
  const rows: Row[] = runtimes.flatMap((runtime): Row[] => [
    { mode: 'correct', runtime, expect: 'valid', requiredOf20: 20 },
    { mode: 'stale-reads', runtime, expect: 'flagged', requiredOf20: 18 },
  ]).filter((row) => modes.includes(row.mode));
  const storeDir = values.store ?? mkdtempSync(join(tmpdir(), 'examples-matrix-'));
  process.stderr.write(`examples matrix: python-kv, ${rows.length} rows x ${seeds.length} seeds, --parallel ${parallel}, store ${storeDir}\n`);
  const jobs = rows.flatMap((row) => seeds.map((seed) => ({ row, seed })));
  const cells: Cell[] = [];
  const worker = async (): Promise<void> => {
    for (let job = jobs.shift(); job !== undefined; job = jobs.shift()) {
      const cell = await runCell(job.row, job.seed, storeDir, timeLimitS);
      cells.push(cell);
      process.stderr.write(`  ${cell.row.mode} ${cell.row.runtime} seed ${cell.seed}: exit ${cell.exitCode}${asExpected(cell) ? '' : ' (unexpected)'} ${cell.note}\n`);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  cells.sort((a, b) => a.seed - b.seed);
  let allHold = true;
  process.stdout.write(`python-kv under ${nemesis}, --time-limit ${timeLimitS}, seeds ${seeds[0]}..${seeds[seeds.length - 1]}\n`);
  for (const row of rows) {
    const mine = cells.filter((cell) => cell.row === row);
    const good = mine.filter(asExpected).length;
    const required = Math.ceil((row.requiredOf20 / 20) * mine.length);
    const holds = good >= required;
    allHold &&= holds;
    const what = row.expect === 'valid' ? 'valid' : 'caught (exit 1)';
    process.stdout.write(`  ${row.mode.padEnd(11)} ${row.runtime.padEnd(5)} ${what} ${good}/${mine.length} (need ${required}) ${holds ? 'HOLDS' : 'FAILS'}  exits: ${mine.map((c) => c.exitCode).join(' ')}\n`);
    for (const cell of mine.filter((c) => !asExpected(c))) process.stdout.write(`      seed ${cell.seed}: exit ${cell.exitCode}: ${cell.note}\n`);
  }
  return allHold ? 0 : 1;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = await main();
}
