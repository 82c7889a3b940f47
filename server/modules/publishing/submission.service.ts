import { createHash, randomBytes } from 'node:crypto';
import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { Logger } from 'pino';
import semver from 'semver';
import { AppError, NotFoundError } from '../../errors.js';
import type { Em, Orm } from '../../orm.js';
import type { WriteLimiter } from '../../rate-limit.js';
import type { AuditService } from '../audit/audit.service.js';
import { sha256Hex } from '../../../domain/checksum.js';
import { ManifestError, MAX_MANIFEST_BYTES, parseManifest, type Manifest } from '../../../domain/manifest.js';
import { Plugin } from '../catalog/plugin.entity.js';
import { requireUser, type Viewer } from '../accounts/auth.js';
import type { User } from '../accounts/user.entity.js';
import { authorize, can, gate, stakeIn } from '../../policy.js';
import { allows, nextStatus, TRANSITIONS } from './lifecycle.js';
import { PluginVersion } from './version.entity.js';
import { CheckQueue } from './check-queue.js';
import { checkManifest, guarded, lookalikeCheck, manifestMismatches, securityScan } from './checks.js';
import { conformanceCheck } from './conformance-check.js';
import { declaredDependencies, dependencyCheck, versionsFromDatabase } from './dependencies.js';
import { IdempotencyRecord } from './idempotency.entity.js';
import { FetchRefused, safeFetch, type FetchPolicy } from './safe-fetch.js';
import { parseSubmission, submissionSchema, type SubmissionInput } from './submission.input.js';
import { ChecksState, Submission, SubmissionStatus, type Conformance } from './submission.entity.js';
import type { SubmissionEvent } from './submission.types.js';
import { AuditEntry } from '../audit/audit.entity.js';

export const ESTIMATED_REVIEW_TIME = '3-5 days';

/** The answer to a submission, as the spec's "Submit Plugin" shows it. */
export interface SubmissionReceipt {
  submission_id: string;
  status: SubmissionStatus;
  message: string;
  estimated_review_time: string;
}

export interface SubmissionSettings {
  fetch: FetchPolicy;
  allowHttpLoopback: boolean;
  checksConcurrency: number;
  /** How often each process looks for queued checks and expired claims. */
  checksPollMs: number;
  /** A claim older than this is presumed dead (its process stopped) and the job is queued again. */
  checksLeaseMs: number;
  /** PostgreSQL claims with SKIP LOCKED; SQLite's single writer makes the plain claim atomic. */
  postgres: boolean;
}

export function newSubmissionId(): string {
  return `sub-${randomBytes(6).toString('hex')}`;
}

/** JSON with every object's keys sorted: the same body sent with its keys in another order hashes the same. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    return `{${Object.keys(object).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(object[k])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** Submissions and their automated checks: one service under REST and GraphQL. */
export class SubmissionService {
  readonly queue: CheckQueue;

  constructor(
    private readonly orm: Orm,
    private readonly settings: SubmissionSettings,
    private readonly limiter: WriteLimiter,
    private readonly audit: AuditService,
    log: Logger,
  ) {
    this.queue = new CheckQueue(
      { claim: () => this.claimNext(), run: (id) => this.runChecks(id), requeueExpired: () => this.requeueExpired() },
      settings.checksConcurrency,
      settings.checksPollMs,
      log,
    );
  }

  /** registry-submission.json as this server takes it (plain http only to this machine, when the setting allows it). */
  get schema(): ReturnType<typeof submissionSchema> {
    return submissionSchema(this.settings.allowHttpLoopback);
  }

  /**
   * Validates and records a submission, then queues its checks. Retrying with the same Idempotency-Key replays the
   * answer, also to a retry that ran concurrently with the first request and lost the race to record it.
   */
  async submit(em: Em, viewer: Viewer, body: unknown, idempotencyKey?: string): Promise<SubmissionReceipt> {
    const user = authorize(viewer, 'submission.create');
    await this.limiter.consume(viewer);
    const requestHash = createHash('sha256').update(canonicalJson(body)).digest('hex');
    if (idempotencyKey !== undefined) {
      if (!/^[A-Za-z0-9_.:-]{1,128}$/.test(idempotencyKey)) throw new AppError('BAD_USER_INPUT', 'Idempotency-Key: 1-128 letters, digits, "_", ".", ":" or "-"', { field: 'Idempotency-Key' });
      const previous = await this.replay(em, user, idempotencyKey, requestHash);
      if (previous) return previous;
    }
    const input = parseSubmission(body, this.settings.allowHttpLoopback);
    await this.checkPublishable(em, viewer, user, input);

    const submission = em.create(Submission, {
      id: newSubmissionId(),
      pluginId: input.plugin.id,
      version: input.plugin.version,
      payload: input,
      submitter: user,
    });
    const receipt: SubmissionReceipt = {
      submission_id: submission.id,
      status: submission.status,
      message: 'Plugin submitted for review',
      estimated_review_time: ESTIMATED_REVIEW_TIME,
    };
    if (idempotencyKey !== undefined) em.create(IdempotencyRecord, { userId: user.id, key: idempotencyKey, requestHash, response: receipt as unknown as Record<string, unknown> });
    this.audit.record(em, user, 'submission.create', `submission:${submission.id}`, { plugin: input.plugin.id, version: input.plugin.version });
    try {
      await this.flushOpen(em, input);
    } catch (err) {
      // A unique violation is reported once the winning transaction has committed, so its record is readable now.
      const winner = idempotencyKey !== undefined && err instanceof AppError && err.code === 'CONFLICT' && (await this.replay(em.fork(), user, idempotencyKey, requestHash));
      if (winner) return winner;
      throw err;
    }
    this.queue.kick();
    return receipt;
  }

  /**
   * A dry run of `submit`: every problem of the document by field, from the same schema, and for a manifest given
   * inline the same agreement check the automated checks make. Nothing is fetched, read or written; none: it is valid
   * as far as can be told without the network (the checks still fetch a manifest_url, and the id and version are
   * checked against the catalog when it is submitted).
   */
  validate(body: unknown): { field: string; message: string }[] {
    let problems: { field: string; message: string }[] = [];
    try {
      parseSubmission(body, this.settings.allowHttpLoopback);
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'BAD_USER_INPUT')) throw err;
      problems = err.details!.fields as { field: string; message: string }[];
    }
    // the manifest against each field it must agree with that is right itself, so a form hears of it as soon as it can
    const plugin = (body as { plugin?: { install?: { manifest?: unknown }; version?: unknown; provider_type?: unknown } }).plugin;
    const inline = plugin?.install?.manifest;
    const wrong = new Set(problems.map((p) => p.field));
    if (typeof inline !== 'string' || wrong.has('plugin.install.manifest')) return problems;
    const said = (field: 'version' | 'provider_type') => (typeof plugin![field] === 'string' && !wrong.has(`plugin.${field}`) ? (plugin![field] as string) : undefined);
    let manifest: Manifest;
    try {
      manifest = parseManifest(inline);
    } catch (err) {
      if (err instanceof ManifestError) return [...problems, { field: 'plugin.install.manifest', message: err.message }];
      throw err;
    }
    const mismatches = manifestMismatches(manifest, { version: said('version'), provider_type: said('provider_type') });
    return mismatches.length ? [...problems, { field: 'plugin.install.manifest', message: mismatches.join('; ') }] : problems;
  }

  /** The answer recorded for this caller's Idempotency-Key, if any; CONFLICT when the key came with another body. */
  private async replay(em: Em, user: User, key: string, requestHash: string): Promise<SubmissionReceipt | null> {
    const previous = await em.findOne(IdempotencyRecord, { userId: user.id, key });
    if (!previous) return null;
    if (previous.requestHash !== requestHash) throw new AppError('CONFLICT', 'this Idempotency-Key was already used with a different body');
    return previous.response as unknown as SubmissionReceipt;
  }

  /**
   * After changes were requested, the submitter sends a corrected submission of the same plugin; checks run again.
   * The earlier decision is cleared (no reviewer, no review time) but its notes stay: they say what was asked for.
   */
  async resubmit(em: Em, viewer: Viewer, id: string, body: unknown): Promise<Submission> {
    const user = gate(viewer, 'submission.resubmit');
    await this.limiter.consume(viewer);
    const { submission, status } = await this.submitters(em, viewer, id, 'resubmit');
    const input = parseSubmission(body, this.settings.allowHttpLoopback);
    if (input.plugin.id !== submission.pluginId) throw new AppError('BAD_USER_INPUT', `plugin.id: a resubmission must keep the id "${submission.pluginId}"`, { field: 'plugin.id' });
    await this.checkPublishable(em, viewer, user, input);
    em.assign(submission, {
      version: input.plugin.version,
      payload: input,
      status,
      checksState: ChecksState.QUEUED,
      checksClaimedAt: null,
      checks: [],
      conformance: null,
      manifest: null,
      manifestSha256: null,
      reviewer: null,
      reviewedAt: null,
      updatedAt: new Date(),
    });
    this.audit.record(em, user, 'submission.resubmit', `submission:${id}`, { version: input.plugin.version });
    await this.flushOpen(em, input);
    this.queue.kick();
    return submission;
  }

  /** The submitter takes back a submission still under way: it ends `withdrawn`, which frees its id@version. */
  async withdraw(em: Em, viewer: Viewer, id: string): Promise<Submission> {
    const user = gate(viewer, 'submission.withdraw');
    await this.limiter.consume(viewer);
    return em.transactional(async (tx) => {
      // Locked like a reviewer's decision, so a withdrawal and an approval of one submission cannot both win.
      const { submission, status } = await this.submitters(tx, viewer, id, 'withdraw', LockMode.PESSIMISTIC_WRITE);
      submission.status = status;
      submission.updatedAt = new Date();
      // Checks still to come would have no reader; a run in progress sees updatedAt move and drops its results.
      if (submission.checksState !== ChecksState.DONE) Object.assign(submission, { checksState: ChecksState.DONE, checksClaimedAt: null });
      this.audit.record(tx, user, 'submission.withdraw', `submission:${id}`, { plugin: submission.pluginId, version: submission.version });
      return submission;
    });
  }

  /**
   * A submission as its submitter, reviewers and admins see it; NOT_FOUND for everyone else, anonymous callers included.
   * With `lockMode` (in a transaction), its row stays locked until the transaction ends.
   */
  async visible(em: Em, viewer: Viewer, id: string, lockMode?: LockMode): Promise<Submission> {
    const user = viewer.user;
    const submission = user ? await em.findOne(Submission, { id }, { populate: ['submitter', 'reviewer'], lockMode }) : null;
    if (!user || !submission) throw new NotFoundError('submission', id);
    authorize(viewer, 'submission.read', { submitter: submission.submitter.id === user.id }, () => new NotFoundError('submission', id));
    return submission;
  }

  /** What happened to a submission (one its reader was allowed to see), from the audit log, oldest first. */
  async history(em: Em, submission: Submission): Promise<SubmissionEvent[]> {
    const entries = await em.find(AuditEntry, { target: `submission:${submission.id}` }, { orderBy: { createdAt: 'asc', id: 'asc' }, populate: ['actor'] });
    return entries.map((e) => {
      const { notes, failed } = e.details as { notes?: unknown; failed?: unknown };
      const failures = Array.isArray(failed) && failed.length ? `failed: ${failed.join(', ')}` : null;
      return { action: e.action.replace(/^submission\./, ''), at: e.createdAt, by: e.actor?.username ?? null, notes: typeof notes === 'string' ? notes : failures };
    });
  }

  /**
   * The review queue (reviewers' keys with the review scope: everyone's, unless `mine`; others: their own), oldest
   * first; `claimedBy`: only those this reviewer has claimed or decided.
   */
  async list(em: Em, viewer: Viewer, status: SubmissionStatus | null, window: { offset: number; limit: number }, filter: { mine?: boolean; claimedBy?: string | null } = {}): Promise<[Submission[], number]> {
    const user = authorize(viewer, 'submission.read', { submitter: true });
    const where = {
      ...(status ? { status } : {}),
      ...(filter.claimedBy ? { reviewer: { username: filter.claimedBy } } : {}),
      ...(!filter.mine && can(viewer, 'submission.read') ? {} : { submitter: user.id }),
    };
    return em.findAndCount(Submission, where, { orderBy: { createdAt: 'asc', id: 'asc' }, offset: window.offset, limit: window.limit, populate: ['submitter', 'reviewer'] });
  }

  /** A reviewer takes a submission: it moves to in_review under their name. */
  async claim(em: Em, viewer: Viewer, id: string): Promise<Submission> {
    gate(viewer, 'submission.review');
    await this.limiter.consume(viewer);
    return em.transactional(async (tx) => {
      const { submission, reviewer, status } = await this.reviewable(tx, viewer, id, 'claim');
      Object.assign(submission, { status, reviewer, updatedAt: new Date() });
      this.audit.record(tx, reviewer, 'submission.claim', `submission:${id}`);
      return submission;
    });
  }

  /** The reviewer who claimed a submission (or an admin) gives it back: pending again, claimed by nobody. */
  async unclaim(em: Em, viewer: Viewer, id: string): Promise<Submission> {
    gate(viewer, 'submission.review');
    await this.limiter.consume(viewer);
    return em.transactional(async (tx) => {
      const { submission, reviewer, status } = await this.reviewable(tx, viewer, id, 'unclaim');
      Object.assign(submission, { status, reviewer: null, updatedAt: new Date() });
      this.audit.record(tx, reviewer, 'submission.unclaim', `submission:${id}`);
      return submission;
    });
  }

  /** The manifest the checks fetched (what approval publishes), or null before they have. */
  async manifestOf(em: Em, submission: Submission): Promise<string | null> {
    await em.populate(submission, ['manifest']);
    return submission.manifest ?? null;
  }

  /** Reject or request changes: a reviewer's decision with notes (approval publishes: PublishingService). */
  async decide(em: Em, viewer: Viewer, id: string, move: 'reject' | 'request_changes', notes: string): Promise<Submission> {
    gate(viewer, 'submission.review');
    await this.limiter.consume(viewer);
    const trimmed = notes.trim();
    if (!trimmed || trimmed.length > 5000) throw new AppError('BAD_USER_INPUT', 'notes: say why, in 1-5000 characters', { field: 'notes' });
    return em.transactional(async (tx) => {
      const { submission, reviewer, status } = await this.reviewable(tx, viewer, id, move);
      Object.assign(submission, { status, reviewer, notes: trimmed, reviewedAt: new Date(), updatedAt: new Date() });
      this.audit.record(tx, reviewer, `submission.${move}`, `submission:${id}`, { notes: trimmed });
      return submission;
    });
  }

  /**
   * A submission its submitter makes `move` on (resubmit, withdraw): NOT_FOUND to those who may not see it,
   * FORBIDDEN to reviewers who see it, CONFLICT when its status does not allow the move.
   */
  private async submitters(em: Em, viewer: Viewer, id: string, move: 'resubmit' | 'withdraw', lockMode?: LockMode): Promise<{ submission: Submission; status: SubmissionStatus }> {
    const submission = await this.visible(em, viewer, id, lockMode);
    authorize(viewer, TRANSITIONS[move].by, { submitter: submission.submitter.id === viewer.user?.id });
    return { submission, status: nextStatus(submission, move) };
  }

  /**
   * A submission a reviewer makes `move` on: never their own, nor one of a plugin they own or maintain; if claimed,
   * only by the one who claimed it (or an admin); CONFLICT when its status does not allow the move.
   * Its row stays locked until the transaction `tx` ends, so decisions on one submission run one after another.
   */
  async reviewable(tx: Em, viewer: Viewer, id: string, move: 'claim' | 'unclaim' | 'approve' | 'reject' | 'request_changes'): Promise<{ submission: Submission; reviewer: User; status: SubmissionStatus }> {
    const submission = await tx.findOne(Submission, { id }, { populate: ['submitter', 'reviewer'], lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!submission) throw new NotFoundError('submission', id);
    const user = requireUser(viewer);
    const reviewer = authorize(viewer, TRANSITIONS[move].by, { pluginId: submission.pluginId, submitter: submission.submitter.id === user.id, stake: await stakeIn(tx, user, submission.pluginId) });
    if (submission.reviewer && submission.reviewer.id !== reviewer.id && submission.status === SubmissionStatus.IN_REVIEW && !can(viewer, 'submission.takeOver')) {
      throw new AppError('CONFLICT', `submission ${id} is being reviewed by ${submission.reviewer.username}`);
    }
    return { submission, reviewer, status: nextStatus(submission, move) };
  }

  /**
   * Atomically takes the next queued check for this process; null when there is none. Submitters take turns: the
   * next is the oldest queued submission of the submitter whose checks were least recently started (never started
   * first), so many submissions of one user wait behind another user's one instead of before it.
   */
  async claimNext(): Promise<string | null> {
    const em = this.orm.em.fork() as Em;
    const now = em.getPlatform().processDateProperty(new Date());
    const rows = await em.execute<{ id: string }[]>(
      `update submission set checks_state = ?, checks_claimed_at = ?
       where id = (select s.id from submission s where s.checks_state = ?
                   order by (select max(mine.checks_claimed_at) from submission mine where mine.submitter_id = s.submitter_id) nulls first, s.created_at, s.id
                   limit 1${this.settings.postgres ? ' for update skip locked' : ''})
       and checks_state = ? returning id`,
      [ChecksState.RUNNING, now, ChecksState.QUEUED, ChecksState.QUEUED],
    );
    return rows[0]?.id ?? null;
  }

  /** Queues again the checks whose claim outlived its lease (the process running them stopped). */
  async requeueExpired(): Promise<number> {
    const em = this.orm.em.fork() as Em;
    const expired = em.getPlatform().processDateProperty(new Date(Date.now() - this.settings.checksLeaseMs));
    return em.nativeUpdate(Submission, { checksState: ChecksState.RUNNING, checksClaimedAt: { $lt: expired as Date } }, { checksState: ChecksState.QUEUED, checksClaimedAt: null });
  }

  /** The automated checks of one submission; a failing check sends it back with the reasons. */
  async runChecks(id: string): Promise<void> {
    const em = this.orm.em.fork() as Em;
    const submission = await em.findOne(Submission, { id });
    if (!submission || submission.checksState !== ChecksState.RUNNING) return;
    const started = submission.updatedAt.getTime();

    const input = submission.payload;
    const { manifest: inline, manifest_url: manifestUrl } = input.plugin.install;
    let fetched: { body: string; finalUrl: string } | undefined;
    const results = await guarded('manifest-fetch', async () => {
      // given inline: already read by the manifest parser when submitted, nothing to fetch
      if (inline !== undefined) {
        fetched = { body: inline, finalUrl: '' };
        return [{ name: 'manifest-fetch', status: 'pass', message: `given with the submission (${Buffer.byteLength(inline)} bytes): nothing to fetch` }];
      }
      try {
        fetched = await safeFetch(manifestUrl!, this.settings.fetch);
        return [{ name: 'manifest-fetch', status: 'pass', message: `fetched ${Buffer.byteLength(fetched.body)} bytes from ${fetched.finalUrl}` }];
      } catch (err) {
        if (!(err instanceof FetchRefused)) throw err;
        return [{ name: 'manifest-fetch', status: 'fail', message: err.message }];
      }
    });
    const manifestText = fetched?.body;
    let manifest: Manifest | undefined;
    if (manifestText !== undefined) {
      results.push(...(await guarded('manifest-schema', () => {
        const checked = checkManifest(manifestText, input);
        manifest = checked.manifest;
        return checked.results;
      })));
    }
    results.push(...(await guarded('security-scan', () => securityScan(manifestText ?? '', manifest, input))));
    // the database read stays outside the guard: if it fails, the lease runs out and the checks run again
    const others = (await em.find(Plugin, { id: { $ne: submission.pluginId } }, { fields: ['id'] })).map((p) => p.id);
    results.push(...(await guarded('lookalike-name', () => [lookalikeCheck(submission.pluginId, others)])));
    // reads the published graph, so outside the guard too
    const { declared, disagreement } = declaredDependencies(input, manifest);
    results.push(...(await dependencyCheck(submission.pluginId, submission.version, declared, versionsFromDatabase(em), disagreement)));
    let conformance: Conformance | null = null;
    results.push(...(await guarded('conformance', async () => {
      const run = await conformanceCheck(input, manifest, this.settings.fetch);
      conformance = run?.conformance ?? null;
      return run ? [run.result] : [];
    })));

    // A resubmission while the checks ran makes these results stale: its own run will record them.
    await em.refresh(submission);
    if (submission.updatedAt.getTime() !== started) return;
    const failed = results.filter((r) => r.status === 'fail');
    submission.checks = results;
    submission.conformance = conformance;
    submission.checksState = ChecksState.DONE;
    if (manifestText !== undefined && Buffer.byteLength(manifestText) <= MAX_MANIFEST_BYTES) {
      submission.manifest = manifestText;
      submission.manifestSha256 = sha256Hex(manifestText);
    }
    if (failed.length > 0 && allows(submission.status, 'checks_failed')) {
      submission.status = TRANSITIONS.checks_failed.to;
      submission.notes = `Automated checks failed: ${failed.map((r) => `${r.name}: ${r.message}`).join('; ')}`;
    }
    this.audit.record(em, null, 'submission.checks', `submission:${id}`, { failed: failed.map((r) => r.name), warned: results.filter((r) => r.status === 'warn').map((r) => r.name) });
    await em.flush();
  }

  /** The id must be free or the user's to publish to, and the version new and above every published one. */
  private async checkPublishable(em: Em, viewer: Viewer, user: User, input: SubmissionInput): Promise<void> {
    const plugin = await em.findOne(Plugin, { id: input.plugin.id }, { populate: ['owner'] });
    if (!plugin) return;
    authorize(viewer, 'plugin.publish', { pluginId: plugin.id, stake: await stakeIn(em, user, plugin) });
    const versions = (await em.find(PluginVersion, { plugin: plugin.id }, { fields: ['version'] })).map((v) => v.version);
    if (versions.includes(input.plugin.version)) throw new AppError('CONFLICT', `${plugin.id}@${input.plugin.version} is already published; versions are immutable: bump the version`);
    const highest = versions.sort(semver.rcompare)[0];
    if (highest && !semver.gt(input.plugin.version, highest)) throw new AppError('CONFLICT', `version ${input.plugin.version} must be greater than ${highest}, the highest published version of ${plugin.id}`);
  }

  /** Flushes, turning a lost race for the same id@version into CONFLICT. */
  private async flushOpen(em: Em, input: SubmissionInput): Promise<void> {
    try {
      await em.flush();
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException) {
        throw new AppError('CONFLICT', `a submission of ${input.plugin.id}@${input.plugin.version} is already open; wait for its review or bump the version`);
      }
      throw err;
    }
  }
}

