import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ClientError } from '../../client/client.js';
import { DecideDeviceDocument, DevicePageDocument } from '../../web/gql/graphql.js';
import type { FormProblem } from '../../web/src/account-pages.js';
import { resource } from '../http.js';
import { registerFormPages, text, type Form, type FormDeps } from './forms.js';

/**
 * /device, where the person signed in approves or denies a device login (`loom plugin login`, RFC 8628): GET shows the
 * code form, or with `?user_code=` the request to decide; POST approves or denies it. Not signed in: through /login
 * and back, the code kept.
 */
export function registerDevicePage(server: FastifyInstance, deps: FormDeps): void {
  registerFormPages(server, deps, (scope, { page, csrfOf, csrfOk, refuseForgery, problemOf, session, endSession, asViewer, toLogin }) => {
    const here = (userCode: string) => (userCode ? `/device?user_code=${encodeURIComponent(userCode)}` : '/device');
    /** The API's refusal as a problem on the code field (the form's one field) or a page-wide one. */
    const problemFor = (err: unknown): { status: number; problem: FormProblem } | 'signed-out' => {
      if (err instanceof ClientError && err.code === 'UNAUTHENTICATED') return 'signed-out';
      const { status, problem } = problemOf(err);
      return { status, problem: { ...problem, field: problem.field === 'userCode' ? 'user_code' : problem.field } };
    };
    const refused = (request: FastifyRequest, reply: FastifyReply, userCode: string, err: unknown) => {
      const found = problemFor(err);
      if (found === 'signed-out') return toLogin(endSession(reply), here(userCode));
      return page(reply, found.status, { kind: 'device', csrf: csrfOf(request, reply), userCode, problem: found.problem });
    };

    resource(scope, '/device', {
      GET: async (request, reply) => {
        const userCode = text(request.query as Form, 'user_code', 64).trim();
        if (!session(request)) return toLogin(reply, here(userCode));
        if (!userCode) return page(reply, 200, { kind: 'device', csrf: csrfOf(request, reply), userCode });
        try {
          const { deviceAuthorization } = await asViewer(request).request(DevicePageDocument, { userCode });
          return page(reply, 200, { kind: 'device', csrf: csrfOf(request, reply), userCode, grant: deviceAuthorization });
        } catch (err) {
          return refused(request, reply, userCode, err);
        }
      },
      POST: async (request, reply) => {
        if (!csrfOk(request)) return refuseForgery(reply);
        const form = request.body as Form;
        const userCode = text(form, 'user_code', 64).trim();
        if (!session(request)) return toLogin(reply, here(userCode));
        const decision = text(form, 'decision');
        if (decision !== 'approve' && decision !== 'deny') {
          return page(reply, 400, { kind: 'device', csrf: csrfOf(request, reply), userCode, problem: { message: 'choose Approve or Deny' } });
        }
        try {
          const { decideDeviceAuthorization } = await asViewer(request).request(DecideDeviceDocument, { userCode, approve: decision === 'approve' });
          return page(reply, 200, { kind: 'device', csrf: csrfOf(request, reply), userCode, grant: decideDeviceAuthorization, outcome: decision === 'approve' ? 'approved' : 'denied' });
        } catch (err) {
          return refused(request, reply, userCode, err);
        }
      },
    });
  });
}
