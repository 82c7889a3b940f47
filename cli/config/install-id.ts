import { readTextIfExists, writeFileAtomic } from '../files.js';

/**
 * A random id for this LOOM_HOME, made once and sent as `X-Loom-Install-Id` to registry servers on manifest
 * downloads and install reports, so the registry can count active installations without knowing who anyone is.
 */
export function installId(file: string): string {
  const existing = readTextIfExists(file)?.trim();
  if (existing && /^[0-9a-f-]{36}$/.test(existing)) return existing;
  // node:crypto is loaded only here: importing it costs every command a few milliseconds of start-up.
  const id = process.getBuiltinModule('node:crypto').randomUUID();
  writeFileAtomic(file, `${id}\n`);
  return id;
}
