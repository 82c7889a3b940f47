import {
  DEVICE_CODE_PATH,
  DEVICE_GRANT_TYPE,
  isDeviceCodeAnswer,
  isTokenAnswer,
  isTokenError,
  LOOM_CLI_CLIENT_ID,
  TOKEN_PATH,
  type DeviceCodeAnswer,
  type TokenAnswer,
} from '../../domain/oauth.js';
import { CliError, UsageError } from '../errors.js';
import { HTTP_TIMEOUT_MS, request, UnreachableError } from './http.js';

/**
 * `loom plugin login` without a pasted key: the OAuth 2.0 device authorization grant (RFC 8628) against a registry
 * server. `start` asks for a code; `waitForToken` polls at the interval the server asks (longer after `slow_down`)
 * until the person approves or denies it in the browser, the code expires, or `signal` aborts (Ctrl-C).
 */

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const FORM_HEADERS = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', 'user-agent': 'loom-cli' };
/** RFC 8628 §3.5: a client without an interval waits 5 s; slow_down adds 5 s. */
const DEFAULT_INTERVAL_S = 5;
const SLOW_DOWN_S = 5;

const parse = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

export async function startDeviceLogin(base: string, sourceName: string, scopes?: string[]): Promise<DeviceCodeAnswer> {
  const fields: Record<string, string> = { client_id: LOOM_CLI_CLIENT_ID };
  if (scopes) fields.scope = scopes.join(' ');
  const url = `${base}${DEVICE_CODE_PATH}`;
  const signal = AbortSignal.timeout(HTTP_TIMEOUT_MS);
  const res = await request(url, { method: 'POST', headers: FORM_HEADERS, body: form(fields), signal }).catch((err: NodeJS.ErrnoException) => {
    if (signal.aborted) throw new UnreachableError(`${sourceName}: ${url} did not answer within ${HTTP_TIMEOUT_MS / 1000} s`, 'try again, or check the URL and your network');
    throw new UnreachableError(`${sourceName}: cannot reach ${url} (${err.code ?? err.message})`, 'check the URL and your network');
  });
  const body = parse(await res.text());
  if (res.ok && isDeviceCodeAnswer(body)) return body;
  if (res.status === 404 || res.status === 405) {
    throw new UsageError(`${sourceName} (${base}) does not offer logging in from the browser`, 'paste an API key instead: loom plugin login --with-token');
  }
  if (isTokenError(body)) {
    if (body.error === 'invalid_scope') throw new UsageError(`${sourceName} refused the scopes: ${body.error_description ?? body.error}`);
    throw new CliError(`${sourceName} refused to start the login: ${body.error_description ?? body.error}`, 'LOGIN_REFUSED');
  }
  throw new CliError(`${sourceName} answered HTTP ${res.status} to the login request, not a device code`, 'BAD_RESPONSE');
}

/** Resolves after `ms`, or rejects as soon as `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', abort);
      resolve();
    }, ms);
    const abort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', abort, { once: true });
  });
}

export class LoginCancelled extends CliError {
  constructor() {
    super('login cancelled: no key was saved', 'CANCELLED');
  }
}

export async function waitForToken(base: string, sourceName: string, started: DeviceCodeAnswer, signal: AbortSignal): Promise<TokenAnswer> {
  let interval = started.interval ?? DEFAULT_INTERVAL_S;
  const deadline = Date.now() + started.expires_in * 1000;
  const again = `run "loom plugin login" again`;
  for (;;) {
    try {
      await sleep(interval * 1000, signal);
    } catch {
      throw new LoginCancelled();
    }
    if (Date.now() >= deadline) throw new CliError(`the code ${started.user_code} expired before it was approved`, 'EXPIRED', undefined, again);
    const body = form({ grant_type: DEVICE_GRANT_TYPE, client_id: LOOM_CLI_CLIENT_ID, device_code: started.device_code });
    const res = await request(`${base}${TOKEN_PATH}`, { method: 'POST', headers: FORM_HEADERS, body, signal: AbortSignal.any([signal, AbortSignal.timeout(HTTP_TIMEOUT_MS)]) }).catch((err: unknown) => {
      if (signal.aborted) throw new LoginCancelled();
      // the network or the server hiccuped: ask again at the next interval, until the code expires
      return { err };
    });
    if ('err' in res) continue;
    const answer = parse(await res.text());
    if (res.ok && isTokenAnswer(answer)) return answer;
    if (res.status >= 500) continue;
    if (!isTokenError(answer)) throw new CliError(`${sourceName} answered HTTP ${res.status} while waiting for approval, not an OAuth answer`, 'BAD_RESPONSE');
    switch (answer.error) {
      case 'authorization_pending':
        continue;
      case 'slow_down':
        interval += SLOW_DOWN_S;
        continue;
      case 'access_denied':
        throw new CliError('the login was denied in the browser: no key was saved', 'ACCESS_DENIED', undefined, `${again} to try once more`);
      case 'expired_token':
        throw new CliError(`the code ${started.user_code} expired before it was approved`, 'EXPIRED', undefined, again);
      default:
        throw new CliError(`${sourceName} refused the login: ${answer.error_description ?? answer.error}`, 'LOGIN_REFUSED', undefined, again);
    }
  }
}
