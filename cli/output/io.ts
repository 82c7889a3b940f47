/** A stream that may be a terminal (process.stdout, or a plain stream a test or the terminal UI collects). */
export type Output = NodeJS.WritableStream & { isTTY?: boolean };

/**
 * The CLI's streams and how output may look: colour only on a terminal without NO_COLOR, tables only as wide as it.
 * Every command reads and writes through these, never process.std*, so the CLI runs in-process as well.
 */
export interface Io {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: Output;
  stderr: Output;
  /** Colour on stdout / stderr. */
  color: boolean;
  colorErr: boolean;
  /** Table width: the terminal's, $COLUMNS when piped, else unbounded (a pipe gets whole lines). */
  columns: number;
  interactive: boolean;
  /** --json: no spinners, whatever the terminal. */
  quiet?: boolean;
}

function wantsColor(stream: Output, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return Boolean(stream.isTTY) && env.TERM !== 'dumb';
}

/** The streams an Io is made of: the process's own, unless a caller (a test) runs the CLI on others. */
export type Streams = Pick<Io, 'stdin' | 'stderr'> & { stdout: Output & { columns?: number } };

export function createIo(env: NodeJS.ProcessEnv = process.env, { stdin, stdout, stderr }: Streams = process): Io {
  const columns = stdout.isTTY ? stdout.columns || 80 : Number(env.COLUMNS) || Number.POSITIVE_INFINITY;
  return {
    stdin,
    stdout,
    stderr,
    color: wantsColor(stdout, env),
    colorErr: wantsColor(stderr, env),
    columns,
    interactive: Boolean(stdin.isTTY && stderr.isTTY),
  };
}

const CODES = { bold: [1, 22], dim: [2, 22], red: [31, 39], green: [32, 39], yellow: [33, 39], cyan: [36, 39] } as const;
export type Style = keyof typeof CODES;

export function paint(on: boolean, style: Style, text: string): string {
  return on ? `\u001b[${CODES[style][0]}m${text}\u001b[${CODES[style][1]}m` : text;
}

export function out(io: Io, line = ''): void {
  io.stdout.write(`${line}\n`);
}

export function note(io: Io, line: string): void {
  io.stderr.write(`${line}\n`);
}

export function warn(io: Io, message: string): void {
  io.stderr.write(`${paint(io.colorErr, 'yellow', 'warning:')} ${message}\n`);
}

export function printJson(io: Io, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** A finished action, in the one style every command uses: `✓ Installed x 1.2.0 …`. */
export function done(io: Io, line: string): void {
  out(io, `${paint(io.color, 'green', '✓')} ${line}`);
}
