import { render } from 'ink';
import { App } from './app.js';
import { Registry } from './registry.js';

const MOUSE_ON = '\u001b[?1000h\u001b[?1006h';
const MOUSE_OFF = '\u001b[?1000l\u001b[?1006l';

/** Opens the full-screen browser on the real terminal; resolves when the person quits. */
export async function browse(options: { env: NodeJS.ProcessEnv; cwd: string; color: boolean; query?: string }): Promise<void> {
  const registry = new Registry(options.env, options.cwd);
  // The caller checked for a terminal; Ink's own guess would turn itself off under CI=true, where tmux tests run.
  const instance = render(<App registry={registry} color={options.color} query={options.query} />, {
    interactive: true,
    alternateScreen: true,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  // Mouse reports (SGR): wheel turns and clicks reach the UI as input; the terminal's own selection takes Shift.
  process.stdout.write(MOUSE_ON);
  try {
    await instance.waitUntilExit();
  } finally {
    process.stdout.write(MOUSE_OFF);
  }
}
