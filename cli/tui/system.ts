import { spawn, spawnSync } from 'node:child_process';

/** Clipboard tools tried in order: Wayland, X11 (two), macOS. */
const CLIPBOARDS: readonly (readonly string[])[] = [['wl-copy'], ['xclip', '-selection', 'clipboard'], ['xsel', '--clipboard', '--input'], ['pbcopy']];

/**
 * Puts `text` on the clipboard: through the first clipboard tool found, else through the terminal (OSC 52, which
 * most terminals and tmux with `set-clipboard on` honour). Says which, and the text, so it can be copied by hand.
 */
export function copy(text: string, env: NodeJS.ProcessEnv, terminal: NodeJS.WritableStream): string {
  for (const [tool, ...args] of CLIPBOARDS) {
    const done = spawnSync(tool!, args, { input: text, env, stdio: ['pipe', 'ignore', 'ignore'], timeout: 2000 });
    if (!done.error && done.status === 0) return `Copied to the clipboard: ${text}`;
  }
  terminal.write(`\u001b]52;c;${Buffer.from(text).toString('base64')}\u0007`);
  return `Sent to the terminal's clipboard (OSC 52; if it did not arrive, copy it from here): ${text}`;
}

/** Opens `url` in the browser: `$BROWSER` when set, else the desktop's opener; never waits for it. */
export function openUrl(url: string, env: NodeJS.ProcessEnv): Promise<string> {
  const command = env.BROWSER || (process.platform === 'darwin' ? 'open' : 'xdg-open');
  return new Promise((resolve, reject) => {
    const child = spawn(command, [url], { env, stdio: 'ignore', detached: true });
    child.once('error', (err) => reject(new Error(`could not open ${url} with ${command}: ${err.message} (set BROWSER to your browser)`)));
    child.once('spawn', () => {
      child.unref();
      resolve(`Opened ${url}`);
    });
  });
}
