/**
 * `harness serve`: the results browser, a local web page listing every run in the store
 * (newest first, filterable), each linking to its report. Runs until interrupted.
 */
import type { Command } from 'commander';
import { startStoreServer } from '../../results/report/store-server.js';
import { UsageError } from '../exit-codes.js';

export function register(program: Command): void {
  program
    .command('serve')
    .description('browse the runs in a store: a local web page listing every run, each linking to its report')
    .option('--store <dir>', 'store folder written by harness test --store', './store')
    .option('--port <n>', 'TCP port to listen on (0 = any free port)', '8080')
    .option('--host <address>', 'address to bind; the default keeps the store off the network', '127.0.0.1')
    .action(async (options: { store: string; port: string; host: string }) => {
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be an integer 0..65535, got ${options.port}`);
      let server;
      try {
        server = await startStoreServer({ storeDir: options.store, port, host: options.host });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EADDRINUSE' || code === 'EACCES') throw new UsageError(`cannot listen on ${options.host}:${port} (${code}); pick another --port`);
        throw error;
      }
      process.stdout.write(`serving ${options.store} at ${server.url} (Ctrl-C to stop)\n`);
      // Stay up until Ctrl-C / SIGTERM, then close cleanly so the exit code is the usual 0.
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          void server.close().then(resolve);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
}
