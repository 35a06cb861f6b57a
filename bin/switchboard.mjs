#!/usr/bin/env node
// The installed `switchboard` command: the CLI bundle built by `npm run build`.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const built = join(here, '..', 'out', 'main', 'cli.js');
if (!existsSync(built)) {
  console.error('The switchboard CLI is not built yet: run `npm run build` first (or use `npm run switchboard -- …`).');
  process.exit(2);
}
await import(pathToFileURL(built).href);
