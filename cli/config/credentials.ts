import fs from 'node:fs';
import { CliError } from '../errors.js';
import { readTextIfExists, writeFileAtomic } from '../files.js';
import { sameSourceUrl } from './config.js';

/**
 * `<LOOM_HOME>/credentials` (mode 0600): API keys saved by `loom plugin login`, one per source. A key is bound to
 * the URL it was saved for, so renaming or repointing a source never sends it to another server.
 */
export interface Credential {
  url: string;
  token: string;
  saved_at: string;
}

interface CredentialsFile {
  version: 1;
  sources: Record<string, Credential>;
}

function read(file: string): CredentialsFile {
  const text = readTextIfExists(file);
  if (text === undefined) return { version: 1, sources: {} };
  try {
    const parsed = JSON.parse(text) as CredentialsFile;
    if (parsed && typeof parsed.sources === 'object' && parsed.sources !== null) return { version: 1, sources: parsed.sources };
  } catch {
    // fall through to the error below
  }
  throw new CliError(`${file} is not a credentials file written by loom`, 'CREDENTIALS_INVALID', 1, `delete it and run "loom plugin login" again`);
}

export function tokenFor(file: string, source: string, url: string): string | undefined {
  if (!fs.existsSync(file)) return undefined;
  const saved = read(file).sources[source];
  return saved && sameSourceUrl(saved.url, url) ? saved.token : undefined;
}

export function saveToken(file: string, source: string, url: string, token: string): void {
  const data = read(file);
  data.sources[source] = { url, token, saved_at: new Date().toISOString() };
  writeFileAtomic(file, `${JSON.stringify(data, null, 2)}\n`, 0o600);
}

/** Returns whether a key was stored. Deletes the file when no key is left. */
export function deleteToken(file: string, source: string): boolean {
  const data = read(file);
  if (!(source in data.sources)) return false;
  delete data.sources[source];
  if (Object.keys(data.sources).length === 0) fs.rmSync(file, { force: true });
  else writeFileAtomic(file, `${JSON.stringify(data, null, 2)}\n`, 0o600);
  return true;
}
