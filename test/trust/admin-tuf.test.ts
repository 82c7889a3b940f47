import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TufMetadata } from '../../server/modules/trust/tuf.entity.js';
import { initOrm } from '../../server/orm.js';
import { ROOT } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

/** `npm run admin -- tuf …` as built, on a database of this file's own. */
const ADMIN = path.join(ROOT, 'dist/server/tools/admin.js');
let dir: string;
let db: TestDatabase;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loom-admin-tuf-'));
  db = await createTestDatabase({ file: path.join(dir, 'registry.db') });
  await (await initOrm(db.config)).close();
});
afterAll(async () => {
  await db.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

function admin(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const url = db.config.kind === 'sqlite' ? db.config.file : db.config.url;
  return new Promise((resolve) => {
    execFile(process.execPath, [ADMIN, ...args], { cwd: ROOT, env: { PATH: process.env.PATH, DATABASE_URL: url } }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr });
    });
  });
}

async function roots(): Promise<{ version: number; keys: string[]; signatures: number; online: string[] }[]> {
  const orm = await initOrm(db.config);
  try {
    const rows = await orm.em.fork().find(TufMetadata, { role: 'root' }, { orderBy: { version: 'asc' } });
    return rows.map((r) => {
      const root = JSON.parse(r.body);
      return { version: r.version, keys: root.signed.roles.root.keyids, signatures: root.signatures.length, online: root.signed.roles.timestamp.keyids };
    });
  } finally {
    await orm.close();
  }
}

describe('npm run admin -- tuf', () => {
  it('init creates the keys and 1.root.json; rotate-root is signed by the old and new root keys; rotate-online names the new online key', async () => {
    const key = (name: string) => path.join(dir, `${name}.pem`);
    const init = await admin('tuf', 'init', '--root-key', key('root'), '--online-key', key('online'));
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toMatch(/root key [0-9a-f]{64} created in .*root\.pem/);
    expect(fs.statSync(key('root')).mode & 0o777).toBe(0o600);
    expect((await admin('tuf', 'init', '--root-key', key('root'), '--online-key', key('online'))).stderr).toContain('already has a root');

    const rotated = await admin('tuf', 'rotate-root', '--root-key', key('root'), '--new-root-key', key('root2'));
    expect(rotated.code, rotated.stderr).toBe(0);
    const wrong = await admin('tuf', 'rotate-online', '--root-key', key('root'), '--new-online-key', key('online2'));
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/is not a root key of root 2/);
    const online = await admin('tuf', 'rotate-online', '--root-key', key('root2'), '--new-online-key', key('online2'));
    expect(online.code, online.stderr).toBe(0);
    expect(online.stdout).toContain('TUF_ONLINE_KEY_FILE=');

    const [first, second, third] = await roots();
    expect(first).toMatchObject({ version: 1, signatures: 1 });
    expect(second).toMatchObject({ version: 2, signatures: 2, online: first.online });
    expect(second.keys).not.toEqual(first.keys);
    expect(third).toMatchObject({ version: 3, signatures: 1, keys: second.keys });
    expect(third.online).not.toEqual(second.online);
  });

  it('names what is missing or wrong', async () => {
    expect((await admin('tuf', 'init', '--root-key', path.join(dir, 'x.pem'))).stderr).toContain('error: tuf init needs --online-key');
    fs.writeFileSync(path.join(dir, 'bad.pem'), 'not a key');
    const bad = await admin('tuf', 'rotate-root', '--root-key', path.join(dir, 'bad.pem'), '--new-root-key', path.join(dir, 'y.pem'));
    expect(bad.stderr).toContain('bad.pem: not a PEM private key');
  });
});
