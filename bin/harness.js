#!/usr/bin/env node
// The harness CLI. Source is TypeScript under harness/; `npm ci` (prepare) and `npm test`
// (pretest) compile it to dist/.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
const cli = new URL('../dist/harness/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  process.stderr.write('harness: dist/ is missing; run `npm ci` (or `npm run build`) in the repo root first\n');
  process.exit(70);
}
const { main } = await import(cli.href);
process.exitCode = await main(process.argv.slice(2));
