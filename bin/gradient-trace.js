#!/usr/bin/env node
// Thin launcher: the CLI is built (with its WGSL inlined) into dist/cli by `npm install` (prepare).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const built = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
if (!existsSync(built)) {
  process.stderr.write('gradient-trace: dist/cli/main.js is missing; run `npm install` (or `npm run build:cli`) first\n');
  process.exit(2);
}
const { main } = await import(built);
process.exitCode = await main(process.argv.slice(2));
