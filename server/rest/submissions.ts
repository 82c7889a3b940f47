import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Context, ContextFor } from '../context.js';
import { BadInputError } from '../errors.js';
import { resource } from '../http.js';
import { rfc3339 } from '../../domain/time.js';
import type { Submission } from '../modules/publishing/submission.entity.js';
import { objectBody } from './params.js';

/** The spec's "Get Submission Status" shape, plus the automated checks. */
export function submissionBody(s: Submission) {
  return {
    submission_id: s.id,
    status: s.status,
    plugin_id: s.pluginId,
    version: s.version,
    reviewed_by: s.reviewer?.email ?? null,
    reviewed_at: s.reviewedAt ? rfc3339(s.reviewedAt) : null,
    notes: s.notes ?? null,
    checks_state: s.checksState,
    checks: s.checks,
    conformance: s.conformance ? { source: s.conformance.source, passed: s.conformance.passed, finished_at: s.conformance.finishedAt, endpoint: s.conformance.endpoint, report: s.conformance.report } : null,
    created_at: rfc3339(s.createdAt),
    updated_at: rfc3339(s.updatedAt),
  };
}

function notes(request: FastifyRequest): string {
  const { notes } = objectBody(request);
  if (notes !== undefined && typeof notes !== 'string') throw new BadInputError('notes', 'must be a string');
  return notes ?? '';
}

/** Submission status and the reviewer actions, for scripts and curl. */
export function registerSubmissionRoutes(server: FastifyInstance, contextFor: ContextFor): void {
  type WithId = FastifyRequest<{ Params: { id: string } }>;
  resource(server, '/api/v1/submissions/:id', {
    GET: async (request) => {
      const { em, viewer, services } = await contextFor(request);
      return submissionBody(await services.submissions.visible(em, viewer, (request as WithId).params.id));
    },
    PUT: async (request) => {
      const { em, viewer, services } = await contextFor(request);
      return submissionBody(await services.submissions.resubmit(em, viewer, (request as WithId).params.id, request.body));
    },
    DELETE: async (request) => {
      const { em, viewer, services } = await contextFor(request);
      return submissionBody(await services.submissions.withdraw(em, viewer, (request as WithId).params.id));
    },
  });
  const actions: Record<string, (ctx: Context, id: string, notes: string) => Promise<Submission>> = {
    claim: (c, id) => c.services.submissions.claim(c.em, c.viewer, id),
    approve: (c, id, n) => c.services.publishing.approve(c.em, c.viewer, id, n || null),
    reject: (c, id, n) => c.services.submissions.decide(c.em, c.viewer, id, 'reject', n),
    'request-changes': (c, id, n) => c.services.submissions.decide(c.em, c.viewer, id, 'request_changes', n),
  };
  for (const [action, run] of Object.entries(actions)) {
    resource(server, `/api/v1/submissions/:id/${action}`, {
      POST: async (request) => submissionBody(await run(await contextFor(request), (request as WithId).params.id, notes(request))),
    });
  }
}
