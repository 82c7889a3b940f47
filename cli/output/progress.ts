import type { Io } from './io.js';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
/** Fast steps show nothing; a spinner appears only once a step has taken this long. */
const TTY_DELAY_MS = 150;
/** Piped stderr gets one plain line, and only for a step that is really slow. */
const PIPE_DELAY_MS = 1000;

/** Runs `work`, telling the person on stderr what is happening while it is slow. */
export async function step<T>(io: Io, label: string, work: Promise<T>): Promise<T> {
  const tty = Boolean(io.stderr.isTTY);
  let frame = 0;
  let shown = false;
  let spinner: NodeJS.Timeout | undefined;
  const start = setTimeout(
    () => {
      shown = true;
      if (!tty) {
        io.stderr.write(`${label}…\n`);
        return;
      }
      spinner = setInterval(() => io.stderr.write(`\r${FRAMES[frame++ % FRAMES.length]} ${label}…`), 80);
    },
    tty ? TTY_DELAY_MS : PIPE_DELAY_MS,
  );
  try {
    return await work;
  } finally {
    clearTimeout(start);
    if (spinner) clearInterval(spinner);
    if (shown && tty) io.stderr.write('\r\u001b[2K');
  }
}
