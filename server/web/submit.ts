import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ClientError } from '../../client/client.js';
import { MAX_MANIFEST_BYTES } from '../../domain/manifest.js';
import { MySubmissionsDocument, ResubmitPluginDocument, SubmissionPageDocument, SubmitPluginDocument, WithdrawSubmissionDocument } from '../../web/gql/graphql.js';
import type { FormProblem } from '../../web/src/account-pages.js';
import { FIELD_NAMES, fromSubmission, toSubmission, type FieldProblem, type FormValues } from '../../web/src/submission-form.js';
import { resource } from '../http.js';
import { registerFormPages, text, type Form, type FormDeps, type FormKit } from './forms.js';

/** A posted form: its text fields, and its files as bytes (an input left without a file: an empty buffer). */
type Posted = Record<string, string | Buffer | (string | Buffer)[] | undefined>;

/** What one upload may hold: a manifest (or registry-submission.json with one inline) and the form's fields. */
const LIMITS = { fileSize: 2 * MAX_MANIFEST_BYTES, files: 2, fields: FIELD_NAMES.length + 4, fieldSize: MAX_MANIFEST_BYTES + 4096, parts: FIELD_NAMES.length + 8 };

const fileOf = (body: Posted, name: string): string | undefined => {
  const value = [body[name]].flat()[0];
  return Buffer.isBuffer(value) && value.length > 0 ? value.toString('utf8') : undefined;
};

/** The form's values as posted; a manifest file chosen wins over the text box. */
function valuesOf(body: Posted): FormValues {
  // only text: a file sent under a field's name is no value of it
  const form = Object.fromEntries(Object.entries(body).filter(([, v]) => typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string')))) as Form;
  const values: FormValues = {};
  for (const name of FIELD_NAMES) values[name] = text(form, name, name === 'plugin.install.manifest' || name === 'submission.test_report' ? MAX_MANIFEST_BYTES + 1 : 16 * 1024);
  const manifest = fileOf(body, 'manifest_file');
  if (manifest !== undefined) values['plugin.install.manifest'] = manifest;
  return values;
}

/**
 * The author's submission pages: /submit (upload registry-submission.json or fill in a form), /submissions and
 * /submissions/:id (status, checks, notes; withdraw), /submissions/:id/edit (correct and resubmit). Forms are
 * multipart (they carry files), parsed only on these routes; every write is the API's GraphQL mutation, as the session.
 */
export function registerSubmitPages(server: FastifyInstance, deps: FormDeps): void {
  registerFormPages(server, deps, (outer, kit) => {
    void outer.register(async (scope) => {
      await scope.register(multipart, { attachFieldsToBody: 'keyValues', limits: LIMITS });
      // an upload over the limits is answered as a page saying so; anything else as everywhere
      scope.setErrorHandler((err: { code?: string; statusCode?: number }, _request, reply) => {
        if (err.statusCode !== 413 || !err.code?.startsWith('FST_')) throw err;
        return kit.page(reply, 413, { kind: 'error', message: `That upload is too large: files of at most ${LIMITS.fileSize / 1024} KB, a manifest of at most ${MAX_MANIFEST_BYTES / 1024} KB.` });
      });
      routes(scope, kit);
    });
  });
}

function routes(scope: FastifyInstance, { page, csrfOf, csrfOk, refuseForgery, problemOf, session, asViewer, toLogin, endSession }: FormKit): void {
  /** The API's refusal of a document as problems by field: every field it names, or the one refusal. */
  const problemsOf = (err: unknown): { status: number; problems: FieldProblem[] } => {
    const fields = err instanceof ClientError && err.code === 'BAD_USER_INPUT' ? err.details?.fields : undefined;
    if (Array.isArray(fields)) return { status: 400, problems: fields as FieldProblem[] };
    const { status, problem } = problemOf(err);
    return { status, problems: [{ field: problem.field ?? '', message: problem.message }] };
  };
  const signedOut = (err: unknown) => err instanceof ClientError && err.code === 'UNAUTHENTICATED';

  /** The document a POST carries: an uploaded registry-submission.json (then the form shows it), or the form's fields. */
  const documentOf = (body: Posted): { values: FormValues; doc?: Record<string, unknown>; problem?: FieldProblem } => {
    const uploaded = fileOf(body, 'submission_file');
    if (uploaded === undefined) {
      const values = valuesOf(body);
      return { values, doc: toSubmission(values) };
    }
    let doc: unknown;
    try {
      doc = JSON.parse(uploaded);
    } catch (err) {
      return { values: {}, problem: { field: '', message: `registry-submission.json is not JSON: ${(err as Error).message}` } };
    }
    if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return { values: {}, problem: { field: '', message: 'registry-submission.json must hold a JSON object' } };
    return { values: fromSubmission(doc), doc: doc as Record<string, unknown> };
  };

  resource(scope, '/submit', {
    GET: async (request, reply) => {
      if (!session(request)) return toLogin(reply, '/submit');
      return page(reply, 200, { kind: 'submit', csrf: csrfOf(request, reply), values: { 'plugin.install.type': 'http' }, problems: [], posted: false });
    },
    POST: async (request, reply) => {
      if (!csrfOk(request)) return refuseForgery(reply);
      if (!session(request)) return toLogin(reply, '/submit');
      const { values, doc, problem } = documentOf(request.body as Posted);
      const again = (status: number, problems: FieldProblem[]) => page(reply, status, { kind: 'submit', csrf: csrfOf(request, reply), values, problems, posted: true });
      if (!doc) return again(400, [problem!]);
      try {
        const { submitPlugin } = await asViewer(request).request(SubmitPluginDocument, { submission: doc });
        return reply.redirect(`/submissions/${submitPlugin.submissionId}`, 303);
      } catch (err) {
        if (signedOut(err)) return toLogin(endSession(reply), '/submit');
        const { status, problems } = problemsOf(err);
        return again(status, problems);
      }
    },
  });

  resource(scope, '/submissions', {
    GET: async (request, reply) => {
      if (!session(request)) return toLogin(reply, '/submissions');
      try {
        const data = await asViewer(request).request(MySubmissionsDocument, {});
        return page(reply, 200, { kind: 'submissions', data });
      } catch (err) {
        if (signedOut(err)) return toLogin(endSession(reply), '/submissions');
        throw err;
      }
    },
  });

  /** The submission page as the session sees it: 404 when the API says there is no such submission for them. */
  const submissionPage = async (request: FastifyRequest, reply: FastifyReply, status: number, problem?: FormProblem) => {
    const { id } = request.params as { id: string };
    if (!session(request)) return toLogin(reply, `/submissions/${encodeURIComponent(id)}`);
    try {
      const { me, submission } = await asViewer(request).request(SubmissionPageDocument, { id });
      return page(reply, status, { kind: 'submission', csrf: csrfOf(request, reply), id, viewer: me?.username ?? '', submission, problem });
    } catch (err) {
      if (signedOut(err)) return toLogin(endSession(reply), `/submissions/${encodeURIComponent(id)}`);
      if (err instanceof ClientError && err.code === 'NOT_FOUND') return page(reply, 404, { kind: 'submission', csrf: '', id, viewer: '', submission: null });
      throw err;
    }
  };

  resource(scope, '/submissions/:id', { GET: async (request, reply) => submissionPage(request, reply, 200) });

  resource(scope, '/submissions/:id/withdraw', {
    POST: async (request, reply) => {
      if (!csrfOk(request)) return refuseForgery(reply);
      const { id } = request.params as { id: string };
      if (!session(request)) return toLogin(reply, `/submissions/${encodeURIComponent(id)}`);
      try {
        await asViewer(request).request(WithdrawSubmissionDocument, { id });
        return reply.redirect(`/submissions/${encodeURIComponent(id)}`, 303);
      } catch (err) {
        if (err instanceof ClientError && err.code === 'NOT_FOUND') return submissionPage(request, reply, 404);
        const { status, problem } = problemOf(err);
        return submissionPage(request, reply, status, problem);
      }
    },
  });

  resource(scope, '/submissions/:id/edit', {
    GET: async (request, reply) => {
      const { id } = request.params as { id: string };
      if (!session(request)) return toLogin(reply, `/submissions/${encodeURIComponent(id)}/edit`);
      try {
        const { me, submission } = await asViewer(request).request(SubmissionPageDocument, { id });
        if (!submission || submission.status !== 'CHANGES_REQUESTED' || submission.submitter.username !== me?.username) return reply.redirect(`/submissions/${encodeURIComponent(id)}`, 303);
        const values = fromSubmission(submission.payload);
        return page(reply, 200, { kind: 'submit', csrf: csrfOf(request, reply), values, problems: [], posted: false, resubmit: { id, pluginId: submission.pluginId } });
      } catch (err) {
        if (err instanceof ClientError && err.code === 'NOT_FOUND') return submissionPage(request, reply, 404);
        if (signedOut(err)) return toLogin(endSession(reply), `/submissions/${encodeURIComponent(id)}/edit`);
        throw err;
      }
    },
    POST: async (request, reply) => {
      if (!csrfOk(request)) return refuseForgery(reply);
      const { id } = request.params as { id: string };
      if (!session(request)) return toLogin(reply, `/submissions/${encodeURIComponent(id)}/edit`);
      const values = valuesOf(request.body as Posted);
      try {
        await asViewer(request).request(ResubmitPluginDocument, { id, submission: toSubmission(values) });
        return reply.redirect(`/submissions/${encodeURIComponent(id)}`, 303);
      } catch (err) {
        if (err instanceof ClientError && err.code === 'NOT_FOUND') return submissionPage(request, reply, 404);
        const { status, problems } = problemsOf(err);
        return page(reply, status, { kind: 'submit', csrf: csrfOf(request, reply), values, problems, posted: true, resubmit: { id, pluginId: values['plugin.id'] ?? '' } });
      }
    },
  });
}
