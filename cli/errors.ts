/** Exit codes, documented in README "Command line": scripts branch on them. */
export const EXIT = { OK: 0, FAILURE: 1, USAGE: 2, NOT_FOUND: 3, AUTH: 4 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * Something the user can act on: a message, a stable code for `--json` callers, the exit code, and a hint
 * saying what to do next.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly exitCode: ExitCode = EXIT.FAILURE,
    readonly hint?: string,
  ) {
    super(message);
  }
}

export class UsageError extends CliError {
  constructor(message: string, hint?: string) {
    super(message, 'USAGE', EXIT.USAGE, hint);
  }
}

export class NotFoundError extends CliError {
  constructor(message: string, hint?: string) {
    super(message, 'NOT_FOUND', EXIT.NOT_FOUND, hint);
  }
}

export class AuthError extends CliError {
  constructor(message: string, hint?: string, code: 'UNAUTHENTICATED' | 'FORBIDDEN' = 'UNAUTHENTICATED') {
    super(message, code, EXIT.AUTH, hint);
  }
}
