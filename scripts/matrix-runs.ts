/** What the matrix scripts share: reading --seeds, and running (row, seed) cells side by side. */

/** `--seeds` as `N`, `N-M` (inclusive) or `A,B,C`; throws naming the text when it is none of these. */
export function parseSeeds(text: string): number[] {
  const range = /^(\d+)-(\d+)$/.exec(text.trim());
  const seeds = range === null ? text.split(',').map((s) => Number(s.trim())) : Array.from({ length: Math.max(0, Number(range[2]) - Number(range[1]) + 1) }, (_, i) => Number(range[1]) + i);
  if (seeds.length === 0 || seeds.some((s) => !Number.isInteger(s))) throw new Error(`--seeds wants N, N-M or A,B,C; got '${text}'`);
  return seeds;
}

/**
 * Runs `run(row, seed)` for every row and seed, at most `parallel` at once, calling `onRun` as
 * each ends; the results come back ordered by row, then seed (not by when they ended).
 */
export async function runCells<Row, Run>(rows: readonly Row[], seeds: readonly number[], parallel: number, run: (row: Row, seed: number) => Promise<Run>, onRun?: (run: Run) => void): Promise<Run[]> {
  const jobs = rows.flatMap((row) => seeds.map((seed) => ({ row, seed })));
  const results = new Array<Run>(jobs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const position = next++;
      const job = jobs[position]!;
      results[position] = await run(job.row, job.seed);
      onRun?.(results[position]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, parallel) }, worker));
  return results;
}
