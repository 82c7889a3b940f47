/**
 * The OAuth 2.0 Device Authorization Grant (RFC 8628) as the registry serves it and `loom plugin login` speaks it:
 * the endpoints, the one client, and the answers' shapes (snake_case, as the RFC writes them).
 */

export const DEVICE_CODE_PATH = '/oauth/device/code';
export const TOKEN_PATH = '/oauth/token';
export const DEVICE_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:device_code';
/** The Loom CLI: a public client (RFC 6749 §2.1), holding no secret. */
export const LOOM_CLI_CLIENT_ID = 'loom-cli';

/** `POST /oauth/device/code` (RFC 8628 §3.2). */
export interface DeviceCodeAnswer {
  device_code: string;
  user_code: string;
  verification_uri: string;
  verification_uri_complete: string;
  /** Seconds the codes are valid. */
  expires_in: number;
  /** Seconds to wait between polls. */
  interval: number;
}

/** `POST /oauth/token`, granted (RFC 6749 §5.1). */
export interface TokenAnswer {
  access_token: string;
  token_type: 'Bearer';
  /** The key's scopes, space-separated. */
  scope: string;
  expires_in?: number;
}

/** The token endpoint's refusals (RFC 8628 §3.5, RFC 6749 §5.2). */
export type TokenErrorCode =
  | 'authorization_pending'
  | 'slow_down'
  | 'access_denied'
  | 'expired_token'
  | 'invalid_grant'
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_scope'
  | 'unsupported_grant_type';

export interface TokenError {
  error: TokenErrorCode;
  error_description?: string;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export function isDeviceCodeAnswer(value: unknown): value is DeviceCodeAnswer {
  return (
    isObject(value) &&
    ['device_code', 'user_code', 'verification_uri'].every((k) => typeof value[k] === 'string') &&
    typeof value.expires_in === 'number' &&
    (value.interval === undefined || typeof value.interval === 'number')
  );
}

export function isTokenAnswer(value: unknown): value is TokenAnswer {
  return isObject(value) && typeof value.access_token === 'string' && typeof value.token_type === 'string' && value.token_type.toLowerCase() === 'bearer';
}

export function isTokenError(value: unknown): value is TokenError {
  return isObject(value) && typeof value.error === 'string';
}
