/**
 * `harness report DIR`: (re)write DIR/report.html for a run already in the store, e.g. a
 * run from before reports existed, or one whose checkers were re-run.
 */
import type { Command } from 'commander';
import { writeRunReport } from '../../results/report/write-report.js';
import { setExitCode } from '../cli.js';
import { ExitCode } from '../exit-codes.js';

export function register(program: Command): void {
  program
    .command('report')
    .description('write report.html for a stored run (a folder DIR/<test>/<start>/, or DIR/latest)')
    .argument('<dir>', 'the run folder: holds history.jsonl, and test.json / results.json when the run finished')
    .option('-o, --out <file>', 'write the page here instead of <dir>/report.html')
    .action((dir: string, options: { out?: string }) => {
      const file = writeRunReport(dir, options.out);
      process.stdout.write(`${file}\n`);
      setExitCode(ExitCode.valid);
    });
}
