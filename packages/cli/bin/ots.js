#!/usr/bin/env node
// The committed entry point of the `ots` command. It works right after `npm ci` (no build step):
// tsx compiles the TypeScript sources on the fly and caches the result.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv.slice(2));
