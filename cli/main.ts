#!/usr/bin/env node
import module from 'node:module';

// Compiled code is cached on disk across runs (Node ≥ 22.1): a cold `loom` starts markedly faster.
// The rest is imported only after, so it is loaded through the cache.
module.enableCompileCache?.();

// `loom plugin list | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

const { run } = await import('./program.js');
process.exitCode = await run(process.argv);
