import { createHash } from 'node:crypto';

/** A manifest's checksum as registry.json's `install.sha256` carries it: sha256, lowercase hex. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export const SHA256_HEX_PATTERN = /^[0-9a-f]{64}$/;
