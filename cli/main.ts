#!/usr/bin/env node
import module from 'node:module';

// Compiled code is cached on disk across runs (Node ≥ 22.1): a cold `loom` starts markedly faster.
// The rest is imported only after, so it is loaded through the cache.
module.enableCompileCache?.();
const { run } = await import('./program.js');
process.exitCode = await run(process.argv);
