import { createHash } from 'node:crypto';
import { canonicalize } from '@tufjs/canonical-json';
import { Metadata, MetaFile, Snapshot, TargetFile, Targets, Timestamp, Root } from '@tufjs/models';
import { Delegations } from '@tufjs/models/dist/delegations.js';
import { SuccinctRoles } from '@tufjs/models/dist/role.js';
import type { Logger } from 'pino';
import type { Em, Orm } from '../../orm.js';
import { TufBlob, TufMetadata } from './tuf.entity.js';
import { serialize, signWith, SPEC_VERSION, tufDate, type SigningKey } from './tuf-keys.js';

/** Days each role's signature lasts; a refresh signs a new version once half of it has passed. */
const LIFETIME_DAYS: Record<'timestamp' | 'snapshot' | 'targets' | 'bin', number> = { timestamp: 1, snapshot: 7, targets: 7, bin: 7 };

/** Name prefix of the hashed bins (TAP 15 succinct delegations): bins-000 … bins-3ff at 10 bits. */
export const BIN_PREFIX = 'bins';

/** Versions of each role (root aside: every root stays) kept for clients in the middle of an update. */
const KEEP_VERSIONS = 3;

/** Without writes, signatures are checked for renewal this often (they renew at half their life, the shortest a day). */
const RENEW_CHECK_MS = 10 * 60_000;

/** The PostgreSQL advisory lock (pg_try_advisory_xact_lock) held by the one replica signing at a time. */
const SIGNER_LOCK = 0x4c4f4f4d54554631n;

export const manifestTargetPath = (id: string, version: string) => `plugins/${id}/${version}/plugin.yaml`;

/** A generated target: its text, and the length and sha256 of its UTF-8 bytes. */
export interface GeneratedTarget {
  body: string;
  length: number;
  sha256: string;
}

/**
 * registry.json from its entries' batches, byte for byte as /registry.json writes it, hashed a batch at a time as it
 * is made: at 100,000 plugins the document is 100 MB, and the text is all the memory it takes (no UTF-8 copy to hash
 * or measure, no second string from wrapping the joined entries).
 */
export async function registryTarget(batches: AsyncIterable<string[]>): Promise<GeneratedTarget> {
  const hash = createHash('sha256');
  const parts: string[] = [];
  let length = 0;
  const add = (part: string) => {
    hash.update(part);
    length += Buffer.byteLength(part);
    parts.push(part);
  };
  add('{"version":"1.0","plugins":[');
  for await (const batch of batches) if (batch.length > 0) add(`${parts.length > 1 ? ',' : ''}${batch.join(',')}`);
  add(']}');
  return { body: parts.join(''), length, sha256: hash.digest('hex') };
}

export interface TufSettings {
  online: SigningKey;
  /** 2^binBits hashed bins share the manifest targets. */
  binBits: number;
  postgres: boolean;
  now?: () => Date;
}

/** Where the generated targets' bytes come from. */
export interface GeneratedTargets {
  /** registry.json, as /registry.json serves it. */
  registry(em: Em): Promise<GeneratedTarget>;
  /** advisories.json: every published advisory. */
  advisories(em: Em): Promise<string>;
}

interface Head {
  version: number;
  digest: string;
  expires: Date;
}

export type RefreshOutcome = 'signed' | 'unchanged' | 'busy' | 'uninitialized';

const sha256 = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');

/** A target generated as one text (advisories.json). */
const textTarget = (body: string): GeneratedTarget => ({ body, length: Buffer.byteLength(body), sha256: sha256(body) });

/** The TUF roles one refresh wants, before versions and signatures. */
interface Wanted {
  bins: Map<string, Record<string, TargetFile>>;
  top: Record<string, TargetFile>;
  blobs: Omit<TufBlob, 'createdAt'>[];
}

/**
 * The catalog's TUF repository (docs/trust.md). A refresh reads what the metadata must list — every version's
 * manifest (into 2^binBits hashed bins), registry.json and advisories.json — then, in one short transaction that
 * only one replica at a time enters (an advisory lock on PostgreSQL; SQLite has one writer), signs a new version of
 * exactly the roles whose content changed or whose signature is half-way to expiry, then snapshot and timestamp.
 */
export class TufRepository {
  private readonly succinct: SuccinctRoles;
  private readonly now: () => Date;
  private running: Promise<RefreshOutcome> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly orm: Orm,
    private readonly settings: TufSettings,
    private readonly generated: GeneratedTargets,
    private readonly log: Logger,
  ) {
    this.succinct = new SuccinctRoles({ keyIDs: [settings.online.key.keyID], threshold: 1, bitLength: settings.binBits, namePrefix: BIN_PREFIX });
    this.now = settings.now ?? (() => new Date());
  }

  /** One refresh at a time in this process: a call during one runs another after it. */
  refresh(): Promise<RefreshOutcome> {
    if (this.running) {
      this.again = true;
      return this.running.then(() => this.refresh());
    }
    this.running = this.signAll().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /**
   * Signs after every write (the data version moved) and renews signatures before they expire, checking every
   * `everyMs`: on every replica, each refresh signing only if no other replica is.
   */
  start(dataVersion: () => Promise<number>, everyMs: number): void {
    let signedAt: number | undefined;
    let checkedAt = 0;
    const tick = async () => {
      try {
        const version = await dataVersion();
        if (version !== signedAt || Date.now() - checkedAt > RENEW_CHECK_MS) {
          const outcome = await this.refresh();
          if (outcome === 'signed' || outcome === 'unchanged') {
            signedAt = version;
            checkedAt = Date.now();
          }
        }
      } catch (err) {
        this.log.error({ err }, 'TUF: signing failed; trying again at the next check');
      }
      if (!this.closed) this.timer = setTimeout(tick, everyMs).unref();
    };
    this.timer = setTimeout(tick, 0).unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    await this.running?.catch(() => {});
  }

  /** The newest root's version, or undefined before `tuf init`. */
  async rootVersion(em: Em): Promise<number | undefined> {
    const row = await em.findOne(TufMetadata, { role: 'root' }, { orderBy: { version: 'desc' }, fields: ['version'] });
    return row?.version;
  }

  /** The bytes of `<version>.<role>.json`, or of the newest version (timestamp.json). */
  async metadata(em: Em, role: string, version?: number): Promise<string | undefined> {
    const row = await em.findOne(TufMetadata, version === undefined ? { role } : { role, version }, { orderBy: { version: 'desc' } });
    return row?.body;
  }

  /** A generated target's bytes: by the hash the metadata names, or the newest for its path. */
  async blob(em: Em, path: string, hash?: string): Promise<string | undefined> {
    const row = await em.findOne(TufBlob, hash === undefined ? { path } : { path, sha256: hash }, { orderBy: { createdAt: 'desc' } });
    return row?.body;
  }

  private async wanted(em: Em): Promise<Wanted> {
    const bins = new Map<string, Record<string, TargetFile>>();
    for (const name of this.succinct.getRoles()) bins.set(name, {});
    const bytes = this.settings.postgres ? 'octet_length(manifest)' : 'length(cast(manifest as blob))';
    const rows = await em.getConnection().execute<{ plugin_id: string; version: string; sha256: string; length: number; yanked: unknown }[]>(
      `select plugin_id, version, sha256, ${bytes} as length, yanked_at is not null as yanked from plugin_version`,
    );
    for (const row of rows) {
      const path = manifestTargetPath(row.plugin_id, row.version);
      const custom = Number(row.yanked) ? { yanked: true } : undefined;
      const target = new TargetFile({ path, length: Number(row.length), hashes: { sha256: row.sha256 }, unrecognizedFields: custom ? { custom } : {} });
      bins.get(this.succinct.getRoleForTarget(path))![path] = target;
    }
    const top: Record<string, TargetFile> = {};
    const blobs: Wanted['blobs'] = [];
    const generated = { 'registry.json': await this.generated.registry(em), 'advisories.json': textTarget(await this.generated.advisories(em)) };
    for (const [path, { body, length, sha256: hash }] of Object.entries(generated)) {
      top[path] = new TargetFile({ path, length, hashes: { sha256: hash } });
      blobs.push({ sha256: hash, path, body });
    }
    return { bins, top, blobs };
  }

  private async signAll(): Promise<RefreshOutcome> {
    do {
      this.again = false;
      const outcome = await this.signOnce();
      if (!this.again) return outcome;
    } while (true);
  }

  private async signOnce(): Promise<RefreshOutcome> {
    const em = this.orm.em.fork() as Em;
    if ((await this.rootVersion(em)) === undefined) return 'uninitialized';
    const wanted = await this.wanted(em);
    return em.transactional(async (tx) => {
      if (this.settings.postgres) {
        const [row] = await tx.execute<{ locked: boolean }[]>('select pg_try_advisory_xact_lock(?) as locked', [SIGNER_LOCK.toString()]);
        if (!row.locked) return 'busy';
      }
      const rootRow = await tx.findOneOrFail(TufMetadata, { role: 'root' }, { orderBy: { version: 'desc' } });
      const root = Metadata.fromJSON('root' as never, JSON.parse(rootRow.body)) as Metadata<Root>;
      const keyID = this.settings.online.key.keyID;
      const stale = ['timestamp', 'snapshot', 'targets'].filter((r) => !root.signed.roles[r].keyIDs.includes(keyID));
      if (stale.length > 0) {
        this.log.error({ keyID, roles: stale }, `TUF: the online key is not the one root ${root.signed.version} names for ${stale.join(', ')}: not signing (see docs/trust.md, rotate-online)`);
        return 'busy';
      }
      return this.sign(tx, wanted);
    });
  }

  private async sign(tx: Em, wanted: Wanted): Promise<RefreshOutcome> {
    const now = this.now();
    const heads = new Map<string, Head>();
    const rows = await tx.execute<{ role: string; version: number; digest: string; expires: string | number | Date }[]>(
      'select m.role, m.version, m.digest, m.expires from tuf_metadata m where m.version = (select max(n.version) from tuf_metadata n where n.role = m.role)',
    );
    for (const row of rows) heads.set(row.role, { version: Number(row.version), digest: row.digest, expires: new Date(row.expires) });
    const signed: TufMetadata[] = [];
    const keyID = this.settings.online.key.keyID;
    /** The role's version: its head when the content and key are the same and the signature is fresh, else a new signed one. */
    const role = (name: string, lifetime: number, content: unknown, build: (version: number, expires: string) => Metadata<any>): number => {
      const digest = sha256(`${keyID}\n${canonicalize(content as never)}`);
      const head = heads.get(name);
      const halfLife = (lifetime * 86_400_000) / 2;
      if (head && head.digest === digest && head.expires.getTime() - now.getTime() > halfLife) return head.version;
      const version = (head?.version ?? 0) + 1;
      const expires = new Date(now.getTime() + lifetime * 86_400_000);
      const metadata = build(version, tufDate(expires));
      signWith(metadata, this.settings.online);
      signed.push({ role: name, version, body: serialize(metadata), digest, expires });
      return version;
    };
    const common = (version: number, expires: string) => ({ version, expires, specVersion: SPEC_VERSION });
    const meta: Record<string, MetaFile> = {};
    for (const [name, targets] of wanted.bins) {
      const json = Object.fromEntries(Object.entries(targets).map(([p, t]) => [p, t.toJSON()]));
      const version = role(name, LIFETIME_DAYS.bin, json, (v, e) => new Metadata(new Targets({ ...common(v, e), targets })));
      meta[`${name}.json`] = new MetaFile({ version });
    }
    const delegations = new Delegations({ keys: { [keyID]: this.settings.online.key }, succinctRoles: this.succinct });
    const top = { targets: Object.fromEntries(Object.entries(wanted.top).map(([p, t]) => [p, t.toJSON()])), delegations: delegations.toJSON() };
    meta['targets.json'] = new MetaFile({ version: role('targets', LIFETIME_DAYS.targets, top, (v, e) => new Metadata(new Targets({ ...common(v, e), targets: wanted.top, delegations }))) });
    const snapshotJson = Object.fromEntries(Object.entries(meta).map(([p, m]) => [p, m.toJSON()]));
    const snapshot = role('snapshot', LIFETIME_DAYS.snapshot, snapshotJson, (v, e) => new Metadata(new Snapshot({ ...common(v, e), meta })));
    role('timestamp', LIFETIME_DAYS.timestamp, { snapshot }, (v, e) => new Metadata(new Timestamp({ ...common(v, e), snapshotMeta: new MetaFile({ version: snapshot }) })));
    if (signed.length === 0) return 'unchanged';
    for (const blob of wanted.blobs) await tx.upsert(TufBlob, { ...blob, createdAt: now }, { onConflictFields: ['sha256'], onConflictAction: 'ignore' });
    await tx.insertMany(TufMetadata, signed);
    for (const row of signed) {
      if (row.version > KEEP_VERSIONS) await tx.nativeDelete(TufMetadata, { role: row.role, version: { $lte: row.version - KEEP_VERSIONS } });
    }
    const current = Object.values(wanted.top).map((t) => t.hashes.sha256);
    await tx.nativeDelete(TufBlob, { sha256: { $nin: current }, createdAt: { $lt: new Date(now.getTime() - 3_600_000) } });
    this.log.info({ roles: signed.length }, 'TUF: signed new metadata');
    return 'signed';
  }
}
