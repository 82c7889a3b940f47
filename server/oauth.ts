import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DEVICE_CODE_PATH, DEVICE_GRANT_TYPE, TOKEN_PATH, type DeviceCodeAnswer, type TokenAnswer } from '../domain/oauth.js';
import type { Services } from './context.js';
import { AppError } from './errors.js';
import { resource } from './http.js';
import { ANONYMOUS } from './modules/accounts/auth.js';
import { OAuthError } from './modules/accounts/device.service.js';
import type { Em, Orm } from './orm.js';

export interface OAuthDeps {
  orm: Orm;
  services: Services;
}

type Body = Record<string, unknown>;

/** One parameter of the form: a string given once (RFC 6749 §3.2: parameters must not be repeated). */
function param(body: Body, name: string): string | undefined {
  const value = body[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new OAuthError('invalid_request', `${name}: given more than once, or not a string`);
  return value;
}

function required(body: Body, name: string): string {
  const value = param(body, name);
  if (!value) throw new OAuthError('invalid_request', `${name} is required`);
  return value;
}

/** RFC 6749 §5.1: token answers are never kept by any cache. */
const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store').header('pragma', 'no-cache');

function refuse(reply: FastifyReply, err: OAuthError): FastifyReply {
  return noStore(reply).code(400).send({ error: err.error, error_description: err.description });
}

/**
 * The OAuth 2.0 Device Authorization Grant (RFC 8628) endpoints, `POST /oauth/device/code` and `POST /oauth/token`:
 * form-encoded requests, answers and errors in the RFC's shape (`{error, error_description}`, 400), so any OAuth
 * client library can speak to them. They sit beside the REST route table, not in it (docs/architecture.md).
 */
export function registerOAuth(server: FastifyInstance, deps: OAuthDeps): void {
  void server.register(async (scope) => {
    await scope.register(formbody, { bodyLimit: 16 * 1024 });
    // whatever Fastify refuses before a handler runs (a body it cannot parse, a media type it does not take) is the
    // client's malformed request, in the RFC's words
    scope.setErrorHandler((err: Error & { statusCode?: number }, request, reply) => {
      if (err instanceof OAuthError) return refuse(reply, err);
      if (err.statusCode && err.statusCode < 500) return refuse(reply, new OAuthError('invalid_request', err.message));
      request.log.error({ err }, 'oauth request failed');
      return noStore(reply).code(500).send({ error: 'server_error', error_description: 'the registry failed; try again' });
    });

    const handle = (answer: (body: Body, em: Em, request: FastifyRequest, reply: FastifyReply) => Promise<unknown>) => async (request: FastifyRequest, reply: FastifyReply) => {
      const body = request.body && typeof request.body === 'object' && !Array.isArray(request.body) ? (request.body as Body) : {};
      try {
        return noStore(reply).send(await answer(body, deps.orm.em.fork() as Em, request, reply));
      } catch (err) {
        if (err instanceof OAuthError) return refuse(reply, err);
        if (err instanceof AppError && err.code === 'RATE_LIMITED') {
          return noStore(reply)
            .code(429)
            .headers(err.headers ?? {})
            .send({ error: 'slow_down', error_description: err.message });
        }
        throw err;
      }
    };

    resource(scope, DEVICE_CODE_PATH, {
      POST: handle(async (body, em, request) => {
        const started = await deps.services.devices.start(em, ANONYMOUS(request.ip), { clientId: required(body, 'client_id'), scope: param(body, 'scope') });
        const verify = `${deps.services.links.origin}/device`;
        const answer: DeviceCodeAnswer = {
          device_code: started.deviceCode,
          user_code: started.userCode,
          verification_uri: verify,
          verification_uri_complete: `${verify}?user_code=${encodeURIComponent(started.userCode)}`,
          expires_in: started.expiresIn,
          interval: started.interval,
        };
        return answer;
      }),
    });

    resource(scope, TOKEN_PATH, {
      POST: handle(async (body, em) => {
        const grantType = required(body, 'grant_type');
        if (grantType !== DEVICE_GRANT_TYPE) throw new OAuthError('unsupported_grant_type', `this registry grants only ${DEVICE_GRANT_TYPE}`);
        const clientId = required(body, 'client_id');
        const deviceCode = required(body, 'device_code');
        const token = await deps.services.devices.redeem(em, { clientId, deviceCode });
        const answer: TokenAnswer = { access_token: token.accessToken, token_type: 'Bearer', scope: token.scope, expires_in: token.expiresIn };
        return answer;
      }),
    });
  });
}
