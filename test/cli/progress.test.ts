import { describe, expect, it } from 'vitest';
import type { Io } from '../../cli/output/io.js';
import { step } from '../../cli/output/progress.js';

/** An Io whose stderr records what is written, a terminal or not. */
function fakeIo(tty: boolean, quiet = false): { io: Io; written: string[] } {
  const written: string[] = [];
  const stderr = { isTTY: tty, write: (s: string) => written.push(s) > 0 } as unknown as NodeJS.WriteStream;
  return { io: { stdin: process.stdin, stdout: stderr, stderr, color: false, colorErr: false, columns: 80, interactive: tty, quiet }, written };
}

/** Resolves once `done()` is true, checking every 10 ms; fails after 5 s. */
async function until(done: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('condition not met within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('progress', () => {
  it('spins on a terminal while a read is slow, and clears its line when it is done', async () => {
    const { io, written } = fakeIo(true);
    let finish!: (value: string) => void;
    const running = step(io, 'Searching', new Promise<string>((resolve) => (finish = resolve)));
    await until(() => written.length >= 2);
    expect(written[0]).toMatch(/^\r\S Searching…$/);
    finish('answer');
    expect(await running).toBe('answer');
    expect(written.at(-1)).toBe('\r\u001b[2K');
  });

  it('writes nothing when stderr is not a terminal, or for --json', async () => {
    for (const { io, written } of [fakeIo(false), fakeIo(true, true)]) {
      // Slower than the spinner's delay: it would have shown by now.
      const slow = new Promise<string>((resolve) => setTimeout(() => resolve('answer'), 600));
      expect(await step(io, 'Searching', slow)).toBe('answer');
      expect(written).toEqual([]);
    }
  });

  it('passes a failure through, clearing the spinner', async () => {
    const { io, written } = fakeIo(true);
    let fail!: (err: Error) => void;
    const running = step(io, 'Searching', new Promise<string>((_, reject) => (fail = reject)));
    await until(() => written.length >= 1);
    fail(new Error('down'));
    await expect(running).rejects.toThrow('down');
    expect(written.at(-1)).toBe('\r\u001b[2K');
  });
});
