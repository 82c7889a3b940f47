import type { Io } from './io.js';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
/** Fast steps show nothing; a spinner appears only once a step has taken this long. */
const DELAY_MS = 300;

/**
 * Runs `work`, showing a spinner on stderr while it is slow: only on a terminal, and never for --json (a script
 * reading both streams gets its answer and nothing else).
 */
export async function step<T>(io: Io, label: string, work: Promise<T>): Promise<T> {
  if (!io.stderr.isTTY || io.quiet) return work;
  let frame = 0;
  let spinner: NodeJS.Timeout | undefined;
  const start = setTimeout(() => {
    spinner = setInterval(() => io.stderr.write(`\r${FRAMES[frame++ % FRAMES.length]} ${label}…`), 80);
  }, DELAY_MS);
  try {
    return await work;
  } finally {
    clearTimeout(start);
    if (spinner) {
      clearInterval(spinner);
      io.stderr.write('\r\u001b[2K');
    }
  }
}
