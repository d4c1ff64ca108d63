#!/usr/bin/env node
// The bot as `npm start` runs it, for `npx migrate-bot [options]` in a clone:
// no npm banner lines before the output, so `--json` prints JSON lines only.
// tsx (a dependency) loads the TypeScript sources in this process.
import { register } from 'tsx/esm/api';

register();
await import('../adapters/main.ts');
