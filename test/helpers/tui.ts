import { setTimeout as tick } from 'node:timers/promises';

/** Strips ANSI so assertions read the text a person sees. */
export const plain = (frame: string | undefined) => (frame ?? '').replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');

/**
 * Polls until `read()` contains `text` (or matches it, or `text(screen)` holds), returning that screen; fails with the last screen
 * after `timeoutMs`. Waiting on the screen, never on time, keeps the tests honest on a slow machine.
 */
export async function waitForText(read: () => string | undefined, text: string | RegExp | ((screen: string) => boolean), timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const screen = plain(read());
    if (typeof text === 'string' ? screen.includes(text) : typeof text === 'function' ? text(screen) : text.test(screen)) return screen;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${String(text)}; the screen was:\n${screen}`);
    await tick(15);
  }
}
