import type { KeyPress } from './keymap.js';

/** What Ink's `useInput` hands over besides the text of one read: the key it recognised in it. */
export type InkKey = Omit<KeyPress, 'input'>;

/** One character as the key it is, as Ink reads it: Enter, Tab, Ctrl-letter, Backspace, or itself. */
export function keyOf(c: string): KeyPress {
  if (c === '\r' || c === '\n') return { input: '', return: true };
  if (c === '\t') return { input: '', tab: true };
  if (c === '\u007f' || c === '\b') return { input: '', backspace: true };
  const code = c.codePointAt(0)!;
  if (code >= 1 && code <= 26) return { input: String.fromCharCode(code + 96), ctrl: true };
  return { input: c, shift: /^[A-Z]$/.test(c) };
}

/** An SGR mouse report as Ink hands it over, without its ESC: `[<button;x;yM` (press) or `…m` (release). */
const MOUSE = /^\[<(\d+);(\d+);(\d+)([Mm])$/;

/** Wheel turns and left-button presses; other buttons, drags and releases are nothing the UI reads. */
function mouseKey(button: number, x: number, y: number, release: boolean): KeyPress[] {
  if (button === 64 || button === 65) return [{ input: '', mouse: { wheel: button === 64 ? -1 : 1, x, y } }];
  if (button === 0 && !release) return [{ input: '', mouse: { wheel: 0, x, y } }];
  return [];
}

/**
 * The key presses in one read of the terminal. Keys sent faster than the UI reads them (tmux send-keys, a held
 * key, a paste) arrive as one string such as `"jjj"`: each of its characters is a key of its own, so none is lost.
 * An escape sequence (arrows, PgDn) is already one key when Ink reports it.
 */
export function keyPresses(input: string, key: InkKey): KeyPress[] {
  const mouse = MOUSE.exec(input);
  if (mouse) return mouseKey(Number(mouse[1]), Number(mouse[2]), Number(mouse[3]), mouse[4] === 'm');
  const chars = [...input];
  // Esc and the key after it in one read look like Alt and that key: the UI has no Alt bindings, so it is both.
  if (key.meta && !key.ctrl && chars.length === 1 && !key.escape) return [{ input: '', escape: true }, keyOf(input)];
  if (chars.length <= 1 || key.ctrl || key.meta) return [{ ...key, input }];
  return chars.map(keyOf);
}
