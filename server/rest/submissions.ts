import { z } from 'zod';
import type { Context } from '../context.js';
import { rfc3339 } from '../../domain/time.js';
import type { Submission } from '../modules/publishing/submission.entity.js';
import type { Services } from '../context.js';
import { plain, r, writeErrors } from './answers.js';
import { route, type Route } from './route.js';
import { submissionJson } from './schemas.js';

/** The spec's "Get Submission Status" shape, plus the automated checks. */
export function submissionBody(s: Submission): z.output<typeof submissionJson> {
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

const params = z.strictObject({ id: z.string().meta({ description: 'Submission id (`sub-…`)' }) });
const notesBody = z.strictObject({ notes: z.string().optional() });

const ACTIONS: { action: string; operationId: string; summary: string; run: (c: Context, id: string, notes: string) => Promise<Submission> }[] = [
  { action: 'claim', operationId: 'claimSubmission', summary: 'Reviewers: take a pending submission', run: (c, id) => c.services.submissions.claim(c.em, c.viewer, id) },
  { action: 'unclaim', operationId: 'unclaimSubmission', summary: 'Reviewers: give a claimed submission back to the queue', run: (c, id) => c.services.submissions.unclaim(c.em, c.viewer, id) },
  { action: 'approve', operationId: 'approveSubmission', summary: 'Reviewers: approve and publish', run: (c, id, n) => c.services.publishing.approve(c.em, c.viewer, id, n || null) },
  {
    action: 'reject',
    operationId: 'rejectSubmission',
    summary: 'Reviewers: reject, with notes',
    run: (c, id, n) => c.services.submissions.decide(c.em, c.viewer, id, 'reject', n),
  },
  {
    action: 'request-changes',
    operationId: 'requestChanges',
    summary: 'Reviewers: send back for changes, with notes',
    run: (c, id, n) => c.services.submissions.decide(c.em, c.viewer, id, 'request_changes', n),
  },
];

/** Submission status and the reviewer actions, for scripts and curl. */
export function submissionRoutes(services: Services): Route[] {
  const path = '/api/v1/submissions/:id';
  return [
    route({
      method: 'GET',
      path,
      operationId: 'getSubmission',
      tags: ['publishing'],
      summary: 'Submission status, with the automated checks (submitter, reviewers, admins; 404 to others)',
      access: 'public',
      params,
      responses: { '200': plain(submissionJson, 'The submission'), '400': r('BadRequest'), '401': r('Unauthorized'), '404': r('NotFound'), default: r('Error') },
      handle: async ({ ctx: { em, viewer, services }, params }) => submissionBody(await services.submissions.visible(em, viewer, params.id)),
    }),
    route({
      method: 'PUT',
      path,
      operationId: 'resubmit',
      tags: ['publishing'],
      summary: 'Send a corrected submission after changes were requested',
      access: 'key',
      params,
      body: services.submissions.schema,
      bodyRequired: true,
      bodyCheckedByService: true,
      responses: { '200': plain(submissionJson, 'Queued for checks again'), '409': r('Conflict'), ...writeErrors },
      handle: async ({ ctx: { em, viewer, services }, params, request }) => submissionBody(await services.submissions.resubmit(em, viewer, params.id, request.body)),
    }),
    route({
      method: 'DELETE',
      path,
      operationId: 'withdrawSubmission',
      tags: ['publishing'],
      summary: 'Withdraw a submission still under way (pending_review, in_review or changes_requested): it ends `withdrawn` and frees its id@version',
      description: 'The submitter only: reviewers and admins get 403, anyone else 404; a decided submission answers 409.',
      access: 'key',
      params,
      responses: { '200': plain(submissionJson, 'The withdrawn submission'), '409': r('Conflict'), ...writeErrors },
      handle: async ({ ctx: { em, viewer, services }, params }) => submissionBody(await services.submissions.withdraw(em, viewer, params.id)),
    }),
    ...ACTIONS.map(({ action, operationId, summary, run }) =>
      route({
        method: 'POST',
        path: `${path}/${action}`,
        operationId,
        tags: ['publishing'],
        summary,
        description: 'A key with the review scope, of a reviewer or admin who neither submitted the submission nor owns or maintains its plugin (403 otherwise).',
        access: 'key',
        params,
        body: notesBody,
        responses: { '200': plain(submissionJson, 'The submission after the action'), '409': r('Conflict'), ...writeErrors },
        handle: async ({ ctx, params, body }) => submissionBody(await run(ctx, params.id, body.notes ?? '')),
      }),
    ),
  ];
}
