import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { CliError, UsageError } from '../errors.js';
import type { Io } from './io.js';

/**
 * Asks on stderr until `parse` accepts a line of stdin (it throws with what is wrong); `what` names the answer when
 * stdin ends first.
 */
export async function ask<T>(io: Io, question: string, what: string, parse: (line: string) => T): Promise<T> {
  const rl = createInterface({ input: io.stdin, terminal: false });
  const lines = rl[Symbol.asyncIterator]();
  try {
    for (;;) {
      io.stderr.write(question);
      const next = await lines.next();
      if (next.done) {
        io.stderr.write('\n');
        throw new UsageError(`no ${what} given`);
      }
      try {
        return parse(next.value.trim());
      } catch (err) {
        io.stderr.write(`${(err as Error).message}\n`);
      }
    }
  } finally {
    rl.close();
  }
}

/** Lines starting with `#` are the template's help, dropped from what the editor returns. */
export function stripComments(text: string): string {
  return text
    .split('\n')
    .filter((line) => !line.startsWith('#'))
    .join('\n')
    .trim();
}

/**
 * Opens $VISUAL, else $EDITOR, else vi on a file holding `template` (through the shell, so `code --wait` works, as
 * git and gh run it), and returns the file as saved without its `#` lines.
 */
export async function editText(env: NodeJS.ProcessEnv, template: string, name: string): Promise<string> {
  const editor = env.VISUAL || env.EDITOR || 'vi';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loom-edit-'));
  const file = path.join(dir, name);
  try {
    fs.writeFileSync(file, template);
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn('sh', ['-c', `${editor} "$@"`, editor, file], { env, stdio: 'inherit' });
      child.once('error', reject);
      child.once('close', resolve);
    });
    if (code !== 0) throw new CliError(`the editor (${editor}) exited with ${code === null ? 'a signal' : `code ${code}`}; nothing was sent`, 'EDITOR_FAILED');
    return stripComments(fs.readFileSync(file, 'utf8'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
