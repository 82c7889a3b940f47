import fs from 'node:fs';
import path from 'node:path';

let written = 0;

/**
 * Writes `data` to a temp file beside `target`, flushes it, then renames it over `target`: readers see the old
 * file or the new one, never half of one. The temp name is hidden and never a manifest name, so Loom's loader
 * (which walks for plugin.yaml/.yml/.json) cannot pick it up.
 */
export function writeFileAtomic(target: string, data: string | Uint8Array, mode = 0o644): void {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  // pid + counter is unique among live processes; a leftover of a dead one with the same pid is overwritten.
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}-${written++}.tmp`);
  try {
    const fd = fs.openSync(temp, 'w', mode);
    try {
      fs.writeFileSync(fd, data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    // openSync's mode is filtered by the umask; secrets must end up exactly at `mode`.
    fs.chmodSync(temp, mode);
    fs.renameSync(temp, target);
  } finally {
    fs.rmSync(temp, { force: true });
  }
}

export function readTextIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
