import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TufMetadata } from '../../server/modules/trust/tuf.entity.js';
import { adminSetup } from '../helpers/admin.js';

/** `npm run admin -- tuf …` (`runAdmin`, in-process) on a database of this file's own. */
const setup = adminSetup('admin-tuf');
const admin = (...args: string[]) => setup.admin(...args);

async function roots(): Promise<{ version: number; keys: string[]; signatures: number; online: string[] }[]> {
  const rows = await setup.read((orm) => orm.em.fork().find(TufMetadata, { role: 'root' }, { orderBy: { version: 'asc' } }));
  return rows.map((r) => {
    const root = JSON.parse(r.body);
    return { version: r.version, keys: root.signed.roles.root.keyids, signatures: root.signatures.length, online: root.signed.roles.timestamp.keyids };
  });
}

describe('npm run admin -- tuf', () => {
  it('init creates the keys and 1.root.json; rotate-root is signed by the old and new root keys; rotate-online names the new online key', async () => {
    const key = (name: string) => path.join(setup.dir, `${name}.pem`);
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
    expect((await admin('tuf', 'init', '--root-key', path.join(setup.dir, 'x.pem'))).stderr).toContain('error: tuf init needs --online-key');
    fs.writeFileSync(path.join(setup.dir, 'bad.pem'), 'not a key');
    const bad = await admin('tuf', 'rotate-root', '--root-key', path.join(setup.dir, 'bad.pem'), '--new-root-key', path.join(setup.dir, 'y.pem'));
    expect(bad.stderr).toContain('bad.pem: not a PEM private key');
  });
});
