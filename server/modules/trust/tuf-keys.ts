import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { canonicalize } from '@tufjs/canonical-json';
import { Key, Metadata, Root, Signature, type MetadataKind } from '@tufjs/models';
import { Role } from '@tufjs/models/dist/role.js';

/** The TUF specification version the metadata declares. */
export const SPEC_VERSION = '1.0.31';

/** An Ed25519 signing key: the private half, and its TUF description (key id = sha256 of the canonical public key). */
export interface SigningKey {
  private: KeyObject;
  key: Key;
}

/** Reads an Ed25519 private key in PEM (PKCS#8), as `openssl genpkey -algorithm ed25519` and `tuf init` write it. */
export function signingKey(pem: string): SigningKey {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch {
    throw new Error('not a PEM private key');
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`an ${privateKey.asymmetricKeyType} key, not Ed25519`);
  const raw = createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).subarray(-32);
  const description = { keytype: 'ed25519', scheme: 'ed25519', keyval: { public: raw.toString('hex') } };
  const keyID = createHash('sha256').update(canonicalize(description)).digest('hex');
  return { private: privateKey, key: new Key({ keyID, keyType: 'ed25519', scheme: 'ed25519', keyVal: description.keyval }) };
}

/** A new Ed25519 key in PEM (PKCS#8). */
export function newKeyPem(): string {
  return generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
}

/** Adds the key's signature over the canonical signed part. */
export function signWith(metadata: Metadata<any>, key: SigningKey): void {
  metadata.sign((data: Buffer) => new Signature({ keyID: key.key.keyID, sig: sign(null, data, key.private).toString('hex') }), true);
}

/** The canonical JSON TUF clients hash and verify: what is stored and served. */
export function serialize(metadata: Metadata<any>): string {
  return canonicalize(metadata.toJSON());
}

export const ROOT_EXPIRY_DAYS = 365;

const days = (n: number, from = new Date()) => new Date(from.getTime() + n * 86_400_000);

/** ISO 8601 to the second, as the specification writes dates. */
export const tufDate = (date: Date) => `${date.toISOString().slice(0, 19)}Z`;

/**
 * A root: the root role held by the root keys (offline), timestamp, snapshot and targets by the online key the server
 * signs with; consistent snapshots, so a client never mixes files of two generations.
 */
export function buildRoot(version: number, rootKeys: SigningKey[], online: SigningKey, now = new Date()): Metadata<Root> {
  const root = new Root({ version, specVersion: SPEC_VERSION, expires: tufDate(days(ROOT_EXPIRY_DAYS, now)), consistentSnapshot: true });
  for (const k of rootKeys) root.addKey(k.key, 'root');
  for (const role of ['timestamp', 'snapshot', 'targets']) root.addKey(online.key, role);
  return new Metadata(root);
}

/** The same root with the role's keys replaced. */
export function withRoleKeys(root: Root, role: MetadataKind | string, keys: Key[], version: number, now = new Date()): Root {
  const json = root.toJSON() as { keys: Record<string, unknown>; roles: Record<string, unknown> };
  const next = Root.fromJSON({ ...json, version, expires: tufDate(days(ROOT_EXPIRY_DAYS, now)) } as never);
  next.roles[role] = new Role({ keyIDs: keys.map((k) => k.keyID), threshold: 1 });
  for (const k of keys) next.keys[k.keyID] = k;
  const used = new Set(Object.values(next.roles).flatMap((r) => r.keyIDs));
  for (const id of Object.keys(next.keys)) if (!used.has(id)) delete next.keys[id];
  return next;
}
