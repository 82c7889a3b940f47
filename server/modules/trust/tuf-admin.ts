import fs from 'node:fs';
import path from 'node:path';
import { Metadata, type Root } from '@tufjs/models';
import { AppError } from '../../errors.js';
import type { Em } from '../../orm.js';
import { TufMetadata } from './tuf.entity.js';
import { buildRoot, newKeyPem, serialize, signingKey, signWith, withRoleKeys, type SigningKey } from './tuf-keys.js';

/** The key in `file`, written there first (mode 0600) when the file does not exist. */
export function keyFile(file: string): { key: SigningKey; created: boolean } {
  const created = !fs.existsSync(file);
  if (created) {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    fs.writeFileSync(file, newKeyPem(), { mode: 0o600, flag: 'wx' });
  }
  try {
    return { key: signingKey(fs.readFileSync(file, 'utf8')), created };
  } catch (err) {
    throw new AppError('BAD_USER_INPUT', `${file}: ${(err as Error).message}`);
  }
}

async function currentRoot(em: Em): Promise<Metadata<Root>> {
  const row = await em.findOne(TufMetadata, { role: 'root' }, { orderBy: { version: 'desc' } });
  if (!row) throw new AppError('NOT_FOUND', 'the repository has no root yet: run "tuf init" first');
  return Metadata.fromJSON('root' as never, JSON.parse(row.body)) as Metadata<Root>;
}

function requireRootKey(root: Metadata<Root>, key: SigningKey): void {
  if (!root.signed.roles.root.keyIDs.includes(key.key.keyID)) {
    throw new AppError('FORBIDDEN', `key ${key.key.keyID.slice(0, 16)}… is not a root key of root ${root.signed.version} (its root keys: ${root.signed.roles.root.keyIDs.map((k) => `${k.slice(0, 16)}…`).join(', ')})`);
  }
}

async function store(em: Em, root: Metadata<Root>): Promise<Metadata<Root>> {
  await em.insert(TufMetadata, { role: 'root', version: root.signed.version, body: serialize(root), digest: '', expires: new Date(root.signed.expires) });
  return root;
}

/** 1.root.json: the root key holds root; the online key timestamp, snapshot and targets. */
export async function initRoot(em: Em, rootKey: SigningKey, online: SigningKey): Promise<Metadata<Root>> {
  if (await em.count(TufMetadata, { role: 'root' })) throw new AppError('CONFLICT', 'the repository already has a root: use "tuf rotate-root" or "tuf rotate-online"');
  const root = buildRoot(1, [rootKey], online);
  signWith(root, rootKey);
  return store(em, root);
}

/** The next root, held by `next`, signed by the current root key and the new one (clients check both). */
export async function rotateRoot(em: Em, current: SigningKey, next: SigningKey): Promise<Metadata<Root>> {
  const root = await currentRoot(em);
  requireRootKey(root, current);
  const rotated = new Metadata(withRoleKeys(root.signed, 'root', [next.key], root.signed.version + 1));
  signWith(rotated, current);
  signWith(rotated, next);
  return store(em, rotated);
}

/** The next root, naming `online` for timestamp, snapshot and targets, signed by the root key. */
export async function rotateOnline(em: Em, rootKey: SigningKey, online: SigningKey): Promise<Metadata<Root>> {
  const root = await currentRoot(em);
  requireRootKey(root, rootKey);
  let signed = root.signed;
  for (const role of ['timestamp', 'snapshot', 'targets']) signed = withRoleKeys(signed, role, [online.key], root.signed.version + 1);
  const rotated = new Metadata(signed);
  signWith(rotated, rootKey);
  return store(em, rotated);
}
