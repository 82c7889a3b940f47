import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { Readable } from 'node:stream';
import ipaddr from 'ipaddr.js';
import type { FetchLike } from '../../../conformance/http.js';
import { withArticle } from '../../errors.js';

export type Lookup = (hostname: string) => Promise<{ address: string; family: number }[]>;

export interface FetchPolicy {
  /** Hosts, IPs or CIDR ranges, with their ports, that may be fetched even though they are not public (tests, private mirrors): see parseAllowEntry. */
  allow: string[];
  /** Plain http is accepted only for allowlisted hosts, and only when this is on (development). */
  allowHttp: boolean;
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  lookup?: Lookup;
}

export class FetchRefused extends Error {}

const defaultLookup: Lookup = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

/** An address, IPv4-mapped ones as the IPv4 address. A dotted IPv6 tail is read as hex first: ipaddr.js reads `::a.b.c.d` as `::ffff:a.b.c.d`. */
function parseIp(address: string): ipaddr.IPv4 | ipaddr.IPv6 {
  const hex = (a: string, b: string) => ((Number(a) << 8) | Number(b)).toString(16);
  const dotted = address.includes(':') ? address.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_, a, b, c, d) => `${hex(a, b)}:${hex(c, d)}`) : address;
  const ip = ipaddr.parse(dotted);
  return ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress() ? (ip as ipaddr.IPv6).toIPv4Address() : ip;
}

/** One FETCH_ALLOWLIST entry: a host name, an address or a CIDR range, and the ports it opens. */
export interface AllowEntry {
  host?: string;
  range?: [ipaddr.IPv4 | ipaddr.IPv6, number];
  /** A port, every port (`*`), or the scheme's default port only (443, or 80 for development's http). */
  port: number | '*' | 'default';
}

/**
 * Reads `host`, `host:port`, `host:*`, `10.0.0.0/8:8443`, `[::1]:8443`, `[fd00::/8]` and bare IPv6 addresses
 * and ranges (`fd00::/8`, which take no port). Throws naming the entry when it is none of these.
 */
export function parseAllowEntry(entry: string): AllowEntry {
  const bracketed = /^\[([^\]]+)\](?::(\d{1,5}|\*))?$/.exec(entry);
  const split = bracketed ?? (ipaddr.isValid(entry) || entry.includes('::') ? [entry, entry] : /^([^:]+)(?::(\d{1,5}|\*))?$/.exec(entry));
  if (!split) throw new Error(`"${entry}" is not a host, an address or a CIDR range, with an optional :port or :*`);
  const [, target, portText] = split;
  const port = portText === undefined ? 'default' : portText === '*' ? '*' : Number(portText);
  if (typeof port === 'number' && (port < 1 || port > 65535)) throw new Error(`"${entry}": the port must be 1-65535`);
  if (target.includes('/')) {
    try {
      const [ip, bits] = ipaddr.parseCIDR(target);
      return { range: [ip, bits], port };
    } catch {
      throw new Error(`"${entry}" is not a valid CIDR range`);
    }
  }
  if (ipaddr.isValid(target)) {
    const ip = parseIp(target);
    return { range: [ip, ip.kind() === 'ipv4' ? 32 : 128], port };
  }
  if (bracketed || !/^[a-z0-9.-]+$/i.test(target)) throw new Error(`"${entry}" is not a host, an address or a CIDR range`);
  return { host: target.toLowerCase(), port };
}

/** Whether the policy's allowlist names this host or address, at this port (`''`: the scheme's default). */
function allowlisted(policy: FetchPolicy, host: string, port: string, address?: string): boolean {
  return policy.allow.some((text) => {
    const entry = parseAllowEntry(text);
    if (entry.port !== '*' && (entry.port === 'default' ? port !== '' : String(entry.port) !== port)) return false;
    if (entry.host !== undefined) return entry.host === host.toLowerCase();
    const literal = address ?? (net.isIP(host) ? host : undefined);
    if (!literal || !entry.range) return false;
    const ip = parseIp(literal);
    const [range, bits] = entry.range;
    return ip.kind() === range.kind() && ip.match(range, bits);
  });
}

const GLOBAL_UNICAST = ipaddr.parseCIDR('2000::/3');
const NAT64 = ipaddr.parseCIDR('64:ff9b::/96');
const IPV4_COMPATIBLE = ipaddr.parseCIDR('::/96');

/**
 * The range an address is in, as the guard sees it: IPv4 inside IPv6 is judged as the IPv4 address it reaches
 * (IPv4-mapped `::ffff:a.b.c.d`, NAT64 `64:ff9b::a.b.c.d`); the other forms that carry one (IPv4-compatible
 * `::a.b.c.d`, 6to4, Teredo, SIIT, local NAT64) are refused outright, and so is any IPv6 address outside the
 * global unicast block 2000::/3.
 */
function rangeOf(address: string): string {
  const ip = parseIp(address);
  if (ip.kind() === 'ipv4') return ip.range();
  const v6 = ip as ipaddr.IPv6;
  if (v6.match(NAT64)) return ipaddr.fromByteArray(v6.toByteArray().slice(12)).range();
  if (v6.match(IPV4_COMPATIBLE) && v6.range() === 'unicast') return 'ipv4Compatible';
  const range = v6.range();
  return range === 'unicast' && !v6.match(GLOBAL_UNICAST) ? 'reserved' : range;
}

/**
 * Only public unicast addresses: refuses loopback, private, link-local (cloud metadata at 169.254.169.254),
 * unique-local, carrier-grade NAT, multicast, reserved and unspecified addresses, and IPv6 forms that
 * reach IPv4 addresses, which are judged by the address they reach or refused.
 */
function checkAddress(policy: FetchPolicy, host: string, port: string, address: string): void {
  if (allowlisted(policy, host, port, address)) return;
  const range = rangeOf(address);
  if (range !== 'unicast') throw new FetchRefused(`refusing to fetch ${host}: it resolves to ${withArticle(range)} address (${address})`);
}

/** One deadline for a whole fetch, and the error that says it passed. */
interface Deadline {
  signal: AbortSignal;
  error(): FetchRefused;
}

/** `work`, or the deadline's error once the deadline passes first. */
function beforeDeadline<T>(work: Promise<T>, deadline: Deadline): Promise<T> {
  if (deadline.signal.aborted) return Promise.reject(deadline.error());
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(deadline.error());
    deadline.signal.addEventListener('abort', abort, { once: true });
    work.then(resolve, reject).finally(() => deadline.signal.removeEventListener('abort', abort));
  });
}

/**
 * The URL parsed and its host resolved, every address checked; the connection is to go to `pinned`, the address
 * checked, whatever DNS says later (no rebinding).
 */
async function checkedTarget(current: string, policy: FetchPolicy, lookup: Lookup, deadline: Deadline): Promise<{ target: URL; pinned: { address: string; family: number } }> {
  let target: URL;
  try {
    target = new URL(current);
  } catch {
    throw new FetchRefused(`not a URL: ${current}`);
  }
  const host = target.hostname.replace(/^\[|\]$/g, '');
  if (target.protocol !== 'https:' && !(target.protocol === 'http:' && policy.allowHttp && allowlisted(policy, host, target.port))) {
    throw new FetchRefused(`refusing ${target.protocol}// URL ${current}: only https is fetched`);
  }
  if (target.username || target.password) throw new FetchRefused('refusing a URL with credentials in it');
  if (net.isIP(host)) {
    checkAddress(policy, host, target.port, host);
    return { target, pinned: { address: host, family: net.isIP(host) } };
  }
  let addresses: { address: string; family: number }[];
  try {
    addresses = await beforeDeadline(lookup(host), deadline);
  } catch (err) {
    throw err instanceof FetchRefused ? err : new FetchRefused(`cannot resolve ${host}`);
  }
  if (addresses.length === 0) throw new FetchRefused(`cannot resolve ${host}`);
  for (const a of addresses) checkAddress(policy, host, target.port, a.address);
  return { target, pinned: addresses[0] };
}

/**
 * GETs a URL as text under an SSRF guard: every address a host resolves to is checked, the connection goes
 * to the checked address (no second lookup to rebind), redirects are followed by hand (each one checked),
 * and the size is capped, and the time: `timeoutMs` is one deadline for everything (every DNS lookup, redirect,
 * connection and byte), so slow redirects cannot add up past it.
 */
export async function safeFetch(url: string, policy: FetchPolicy): Promise<{ body: string; finalUrl: string; contentType: string }> {
  const lookup = policy.lookup ?? defaultLookup;
  const deadline: Deadline = {
    signal: AbortSignal.timeout(policy.timeoutMs),
    error: () => new FetchRefused(`fetching ${url} took longer than ${policy.timeoutMs / 1000} s (DNS, redirects and the body included)`),
  };
  let current = url;
  for (let hop = 0; hop <= policy.maxRedirects; hop++) {
    const { target, pinned } = await checkedTarget(current, policy, lookup, deadline);
    const response = await request(target, pinned, policy, deadline);
    if (response.redirect) {
      current = new URL(response.redirect, target).toString();
      continue;
    }
    return { body: response.body!, finalUrl: target.toString(), contentType: response.contentType ?? '' };
  }
  throw new FetchRefused(`more than ${policy.maxRedirects} redirects`);
}

/** A DNS lookup answering the address already checked: the connection goes there, whatever DNS says now. */
function pinnedLookup(pinned: { address: string; family: number }): net.LookupFunction {
  return (_host, options, callback) => {
    if ((options as { all?: boolean }).all) (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [pinned]);
    else callback(null, pinned.address, pinned.family);
  };
}

function request(
  target: URL,
  pinned: { address: string; family: number },
  policy: FetchPolicy,
  deadline: Deadline,
): Promise<{ redirect?: string; body?: string; contentType?: string }> {
  const failed = (err: Error) => (err instanceof FetchRefused ? err : deadline.signal.aborted ? deadline.error() : new FetchRefused(`GET ${target} failed: ${err.message}`));
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.get(
      target,
      {
        lookup: pinnedLookup(pinned),
        headers: { accept: 'application/yaml, application/json, text/plain;q=0.9, */*;q=0.5', 'user-agent': 'loom-plugin-registry' },
        signal: deadline.signal,
      },
      (res) => {
        const status = res.statusCode ?? 0;
        if (status >= 300 && status < 400 && res.headers.location) {
          res.resume();
          return resolve({ redirect: res.headers.location });
        }
        if (status !== 200) {
          res.resume();
          return reject(new FetchRefused(`GET ${target} answered HTTP ${status}`));
        }
        const declared = Number(res.headers['content-length'] ?? 0);
        if (declared > policy.maxBytes) {
          res.destroy();
          return reject(new FetchRefused(`manifest is larger than ${policy.maxBytes / 1024} KB`));
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > policy.maxBytes) {
            res.destroy();
            reject(new FetchRefused(`manifest is larger than ${policy.maxBytes / 1024} KB`));
          } else chunks.push(chunk);
        });
        res.on('end', () => resolve({ body: Buffer.concat(chunks).toString('utf8'), contentType: res.headers['content-type'] }));
        res.on('error', (err) => reject(failed(err)));
      },
    );
    req.on('error', (err) => reject(failed(err)));
  });
}

/**
 * A fetch for the conformance run under the same guard: every request's host is resolved and checked, and the
 * connection pinned to the checked address. Redirects are not followed (a plugin answers where it is asked); the
 * caller's signal is the deadline and the caller caps what it reads.
 */
export function guardedFetch(policy: Omit<FetchPolicy, 'timeoutMs' | 'maxBytes' | 'maxRedirects'>): FetchLike {
  const lookup = policy.lookup ?? defaultLookup;
  return async (url, init) => {
    const deadline: Deadline = { signal: init.signal, error: () => new FetchRefused(`${init.method} ${url} timed out`) };
    const { target, pinned } = await checkedTarget(url, policy as FetchPolicy, lookup, deadline);
    const client = target.protocol === 'https:' ? https : http;
    return new Promise<Response>((resolve, reject) => {
      const req = client.request(
        target,
        { method: init.method, headers: { ...init.headers, 'user-agent': 'loom-plugin-registry' }, lookup: pinnedLookup(pinned), signal: init.signal },
        (res) => {
          const headers = new Headers();
          for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
          const status = res.statusCode ?? 502;
          const empty = status === 204 || status === 304;
          if (empty) res.resume();
          resolve(new Response(empty ? null : (Readable.toWeb(res) as ReadableStream), { status, headers }));
        },
      );
      req.on('error', (err) => reject(deadline.signal.aborted ? Object.assign(new Error('timed out'), { name: 'TimeoutError' }) : err));
      req.end(init.body);
    });
  };
}
