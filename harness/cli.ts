/**
 * The `harness` command line. Each subcommand lives in harness/commands/<name>.ts and
 * exports `register(program)`; this file only wires them up and maps errors to exit codes.
 */
import { Command, CommanderError } from 'commander';
import { BadInputError, ExitCode, UsageError } from './exit-codes.js';
import * as checkCommand from './commands/check.js';
import * as cleanupCommand from './commands/cleanup.js';
import * as setupCommand from './commands/setup.js';
import * as testCommand from './commands/test.js';
import * as reportCommand from './commands/report.js';
import * as serveCommand from './commands/serve.js';
import * as shrinkCommand from './commands/shrink.js';
import * as replayCommand from './commands/replay.js';
import * as listCommand from './commands/list.js';

/** Subcommands; each adds itself to the program and sets process.exitCode via its action. */
const commands: { register(program: Command): void }[] = [checkCommand, cleanupCommand, setupCommand, testCommand, reportCommand, serveCommand, shrinkCommand, replayCommand, listCommand];

export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command('harness')
    .description('Jepsen-style chaos test harness: run targets under faults, check the history')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');
  for (const command of commands) command.register(program);
  exitCode = ExitCode.valid;
  try {
    await program.parseAsync(['node', 'harness', ...argv]);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit 0 through here; everything else is a usage error.
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') {
        return ExitCode.valid;
      }
      return ExitCode.usage;
    }
    if (error instanceof UsageError || error instanceof BadInputError) {
      process.stderr.write(`harness: ${error.message}\n`);
      return error.exitCode;
    }
    process.stderr.write(`harness: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return ExitCode.internal;
  }
}

let exitCode: number = ExitCode.valid;

/** Subcommand actions report their exit code back to main() through this. */
export function setExitCode(code: number): void {
  exitCode = code;
}
