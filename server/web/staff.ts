import { structuredPatch } from 'diff';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ClientError, type Client } from '../../client/client.js';
import {
  ApproveSubmissionDocument,
  AuditLogDocument,
  ClaimSubmissionDocument,
  CuratePluginDocument,
  HideReviewDocument,
  ModerationQueueDocument,
  PreviousVersionDocument,
  RejectSubmissionDocument,
  RequestChangesDocument,
  RestoreReviewDocument,
  ReviewQueueDocument,
  ReviewSubmissionDocument,
  SetCategoryDocument,
  SetVerifiedDocument,
  StaffViewerDocument,
  UnclaimSubmissionDocument,
  type Category,
  type ReviewSubmissionQuery,
  type SubmissionStatus,
} from '../../web/gql/graphql.js';
import type { Page } from '../../web/src/app.js';
import { CATEGORIES, STATUSES, type ActionProblem, type AuditFilter, type ManifestDiff, type QueueFilter, type Staff } from '../../web/src/staff-pages.js';
import { resource } from '../http.js';
import type { Action } from '../policy.js';
import { registerFormPages, text, type Form, type FormDeps } from './forms.js';

type Submission = NonNullable<ReviewSubmissionQuery['submission']>;

/** Why a signed-in viewer without the role is refused a page whose data their role could partly read. */
const NEEDS: Partial<Record<Action, string>> = {
  'submission.review': 'The review queue is for reviewers and admins, signed in with the review scope.',
  'plugin.curate': 'Curation is for admins, signed in with the admin scope.',
};

/** The reviewer's moves on a submission: the form's path segment, the mutation, whether notes are required. */
const DECISIONS = {
  claim: (c: Client, id: string) => c.request(ClaimSubmissionDocument, { id }),
  unclaim: (c: Client, id: string) => c.request(UnclaimSubmissionDocument, { id }),
  approve: (c: Client, id: string, notes: string) => c.request(ApproveSubmissionDocument, { id, notes: notes || null }),
  reject: (c: Client, id: string, notes: string) => c.request(RejectSubmissionDocument, { id, notes }),
  'request-changes': (c: Client, id: string, notes: string) => c.request(RequestChangesDocument, { id, notes }),
} as const;

const isDecision = (action: string): action is keyof typeof DECISIONS => Object.hasOwn(DECISIONS, action);

/** A YYYY-MM-DD day as the instant it starts (UTC), `days` later; undefined when it is not such a day. */
function dayStart(value: string, days = 0): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const t = Date.parse(`${value}T00:00:00Z`);
  return Number.isNaN(t) ? undefined : new Date(t + days * 86_400_000).toISOString();
}

/** The submitted manifest against the plugin's newest other version, when the plugin exists and both manifests are known. */
async function manifestDiff(client: Client, s: Submission): Promise<ManifestDiff | null> {
  if (!s.manifest) return null;
  const { plugin } = await client.request(PreviousVersionDocument, { id: s.pluginId }).catch((err) => {
    // a new plugin: nothing published to compare with
    if (err instanceof ClientError && err.code === 'NOT_FOUND') return { plugin: null };
    throw err;
  });
  const previous = plugin?.versions.nodes.find((v) => v.version !== s.version);
  if (!previous) return null;
  const patch = structuredPatch(`${s.pluginId}@${previous.version}`, `${s.pluginId}@${s.version}`, previous.manifest, s.manifest, '', '', { context: 3 });
  return { against: previous.version, hunks: patch.hunks.map((h) => ({ header: `@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`, lines: h.lines })) };
}

/** For a read's `catch`: the thing does not exist (or not for this viewer), so the page shows `none` beside the viewer. */
const missing =
  <T extends object>(client: Client, none: T) =>
  async (err: unknown): Promise<T & { me: Staff | null }> => {
    if (!(err instanceof ClientError) || err.code !== 'NOT_FOUND') throw err;
    return { ...none, me: (await client.request(StaffViewerDocument, {})).me };
  };

/**
 * The reviewer and admin pages: /review (the submission queue) and /review/:id (one submission, its checks,
 * conformance, manifest and diff, and the decisions), /moderation (reported reviews), /admin/plugins/:id (verified
 * badge, category) and /admin/audit (the audit log). Signed-in pages, never cached; each read and write is the API's
 * GraphQL run in-process as the browser's session, so the policy decides and its refusals are shown as they come.
 */
export function registerStaffPages(server: FastifyInstance, deps: FormDeps): void {
  registerFormPages(server, deps, (scope, { page, csrfOf, csrfOk, refuseForgery, problemOf, session, endSession, asViewer, toLogin }) => {

    /**
     * Runs a page's reads as the session and answers what they allow: the sign-in page when signed out, a 403 page
     * with the API's refusal, a 400 page for a malformed request; `need`: the policy action the viewer's role must
     * allow (for pages whose data a lesser role could partly read).
     */
    const staffPage = async <T extends { me: Staff | null }>(request: FastifyRequest, reply: FastifyReply, read: (client: Client) => Promise<T>, need?: Action): Promise<(T & { me: Staff }) | undefined> => {
      if (!session(request)) {
        toLogin(reply, request.url);
        return undefined;
      }
      try {
        const data = await read(asViewer(request));
        if (!data.me) {
          toLogin(endSession(reply), request.url);
          return undefined;
        }
        if (need && !data.me.may.includes(need)) {
          page(reply, 403, { kind: 'forbidden', message: NEEDS[need] ?? 'Your account may not see this page.' });
          return undefined;
        }
        return data as T & { me: Staff };
      } catch (err) {
        if (!(err instanceof ClientError)) throw err;
        if (err.code === 'UNAUTHENTICATED') toLogin(endSession(reply), request.url);
        else if (err.code === 'FORBIDDEN') page(reply, 403, { kind: 'forbidden', message: err.message });
        else if (err.code === 'BAD_USER_INPUT') page(reply, 400, { kind: 'error', message: err.message });
        else if (err.code === 'NOT_FOUND') page(reply, 404, { kind: 'error', message: err.message });
        else throw err;
        return undefined;
      }
    };

    /** A form's POST: the token checked and a session present, else the refusal already answered. */
    const postable = (request: FastifyRequest, reply: FastifyReply, next: string): boolean => {
      if (!csrfOk(request)) {
        refuseForgery(reply);
        return false;
      }
      if (!session(request)) {
        toLogin(reply, next);
        return false;
      }
      return true;
    };

    // ---- the submission queue

    const queueFilter = (query: Form): QueueFilter => {
      const status = text(query, 'status', 32).toUpperCase();
      return {
        // no status asked: what is waiting; `all`: every status
        status: status === 'ALL' ? '' : STATUSES.includes(status as SubmissionStatus) ? (status as SubmissionStatus) : 'PENDING_REVIEW',
        claimedBy: text(query, 'claimed_by', 64).trim(),
        after: text(query, 'after', 200),
      };
    };

    const queuePage = async (request: FastifyRequest, reply: FastifyReply) => {
      const filter = queueFilter(request.query as Form);
      const data = await staffPage(request, reply, (c) => c.request(ReviewQueueDocument, { status: filter.status || null, claimedBy: filter.claimedBy || null, after: filter.after || null }), 'submission.review');
      if (!data) return reply;
      return page(reply, 200, { kind: 'review-queue', csrf: csrfOf(request, reply), me: data.me, filter, queue: data.submissions });
    };

    resource(scope, '/review', { GET: queuePage });

    // ---- one submission

    const submissionPage = async (request: FastifyRequest, reply: FastifyReply, status: number, extra: { notes?: string; problem?: ActionProblem } = {}) => {
      const { id } = request.params as { id: string };
      const data = await staffPage(
        request,
        reply,
        async (c) => {
          const read = await c.request(ReviewSubmissionDocument, { id }).catch(missing(c, { submission: null }));
          return { ...read, diff: read.submission ? await manifestDiff(c, read.submission) : null };
        },
        'submission.review',
      );
      if (!data) return reply;
      if (!data.submission) return page(reply, 404, { kind: 'error', message: `No submission ${id}.` });
      return page(reply, status, { kind: 'review-submission', csrf: csrfOf(request, reply), me: data.me, submission: data.submission, diff: data.diff, ...extra });
    };

    resource(scope, '/review/:id', { GET: (request, reply) => submissionPage(request, reply, 200) });

    resource(scope, '/review/:id/:action', {
      POST: async (request, reply) => {
        const { id, action } = request.params as { id: string; action: string };
        if (!isDecision(action)) return page(reply, 404, { kind: 'error', message: `No such decision “${action}”.` });
        if (!postable(request, reply, `/review/${id}`)) return reply;
        const notes = text(request.body as Form, 'notes', 5000);
        try {
          await DECISIONS[action](asViewer(request), id, notes);
          return reply.redirect(`/review/${encodeURIComponent(id)}`, 303);
        } catch (err) {
          const { status, problem } = problemOf(err);
          return submissionPage(request, reply, status, { notes, problem: { ...problem, action } });
        }
      },
    });

    // ---- moderation

    const moderationPage = async (request: FastifyRequest, reply: FastifyReply, status: number, problem?: ActionProblem) => {
      const after = text(request.query as Form, 'after', 200);
      const data = await staffPage(request, reply, (c) => c.request(ModerationQueueDocument, { after: after || null }));
      if (!data) return reply;
      return page(reply, status, { kind: 'moderation', csrf: csrfOf(request, reply), me: data.me, queue: data.moderationQueue, after, problem });
    };

    resource(scope, '/moderation', { GET: (request, reply) => moderationPage(request, reply, 200) });

    resource(scope, '/moderation/:id', {
      POST: async (request, reply) => {
        const { id } = request.params as { id: string };
        if (!postable(request, reply, '/moderation')) return reply;
        const form = request.body as Form;
        const reason = text(form, 'reason', 1000);
        try {
          const client = asViewer(request);
          if (text(form, 'decision') === 'hide') await client.request(HideReviewDocument, { id, reason });
          else await client.request(RestoreReviewDocument, { id, reason });
          return reply.redirect('/moderation', 303);
        } catch (err) {
          const { status, problem } = problemOf(err);
          return moderationPage(request, reply, status, { ...problem, action: 'moderate', target: id });
        }
      },
    });

    // ---- curation

    const curatePage = async (request: FastifyRequest, reply: FastifyReply, status: number, extra: { saved?: boolean; problem?: ActionProblem } = {}) => {
      const id = (request.params as { id?: string }).id ?? '';
      const data = await staffPage(request, reply, async (c) => (id ? c.request(CuratePluginDocument, { id }).catch(missing(c, { plugin: null })) : { ...(await c.request(StaffViewerDocument, {})), plugin: null }), 'plugin.curate');
      if (!data) return reply;
      return page(reply, data.plugin || !id ? status : 404, { kind: 'curate', csrf: csrfOf(request, reply), me: data.me, plugin: data.plugin, lookup: id, ...extra });
    };

    resource(scope, '/admin/plugins', {
      GET: async (request, reply) => {
        const id = text(request.query as Form, 'id', 64).trim();
        if (id) return reply.redirect(`/admin/plugins/${encodeURIComponent(id)}`, 303);
        return curatePage(request, reply, 200);
      },
    });

    resource(scope, '/admin/plugins/:id', {
      GET: (request, reply) => curatePage(request, reply, 200, { saved: text(request.query as Form, 'saved') === '1' }),
      POST: async (request, reply) => {
        const { id } = request.params as { id: string };
        if (!postable(request, reply, `/admin/plugins/${id}`)) return reply;
        const form = request.body as Form;
        const category = text(form, 'category', 32);
        if (!CATEGORIES.includes(category as Category)) return curatePage(request, reply, 400, { problem: { message: `category: one of ${CATEGORIES.join(', ')}`, field: 'category', action: 'curate' } });
        try {
          const client = asViewer(request);
          await client.request(SetVerifiedDocument, { id, verified: text(form, 'verified') === '1' });
          await client.request(SetCategoryDocument, { id, category: category as Category });
          return reply.redirect(`/admin/plugins/${encodeURIComponent(id)}?saved=1`, 303);
        } catch (err) {
          const { status, problem } = problemOf(err);
          return curatePage(request, reply, status, { problem: { ...problem, action: 'curate' } });
        }
      },
    });

    // ---- the audit log

    resource(scope, '/admin/audit', {
      GET: async (request, reply) => {
        const query = request.query as Form;
        const filter: AuditFilter = {
          actor: text(query, 'actor', 64).trim(),
          action: text(query, 'action', 64).trim(),
          target: text(query, 'target', 200).trim(),
          since: text(query, 'since', 10),
          until: text(query, 'until', 10),
          after: text(query, 'after', 200),
        };
        const since = filter.since ? dayStart(filter.since) : null;
        const until = filter.until ? dayStart(filter.until, 1) : null;
        const bad = since === undefined ? 'since' : until === undefined ? 'until' : null;
        const data = await staffPage(request, reply, async (c) => {
          // a malformed day is the form's problem, shown beside it; the log is still shown unfiltered by it
          const vars = { actor: filter.actor || null, action: filter.action || null, target: filter.target || null, since: since ?? null, until: until ?? null, after: filter.after || null };
          try {
            return { ...(await c.request(AuditLogDocument, vars)), problem: bad ? { message: `${bad}: a day as YYYY-MM-DD`, field: bad } : undefined };
          } catch (err) {
            if (!(err instanceof ClientError) || err.code !== 'BAD_USER_INPUT') throw err;
            const field = typeof err.details?.field === 'string' ? err.details.field : undefined;
            return { me: (await c.request(StaffViewerDocument, {})).me, auditLog: null, problem: { message: err.message, field } };
          }
        });
        if (!data) return reply;
        const value: Page = { kind: 'audit', me: data.me, filter, log: data.auditLog, problem: data.problem };
        return page(reply, data.problem ? 400 : 200, value);
      },
    });
  });
}
