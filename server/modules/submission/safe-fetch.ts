import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import ipaddr from 'ipaddr.js';
import { withArticle } from '../../errors.js';

export type Lookup = (hostname: string) => Promise<{ address: string; family: number }[]>;

export interface FetchPolicy {
  /** Hosts, IPs or CIDR ranges that may be fetched even though they are not public (tests, private mirrors). */
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

function parseIp(address: string): ipaddr.IPv4 | ipaddr.IPv6 {
  const ip = ipaddr.parse(address);
  return ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress() ? (ip as ipaddr.IPv6).toIPv4Address() : ip;
}

/** Whether the policy's allowlist names this host or address. */
function allowlisted(policy: FetchPolicy, host: string, address?: string): boolean {
  return policy.allow.some((entry) => {
    if (entry.toLowerCase() === host.toLowerCase()) return true;
    if (!address) return false;
    try {
      const ip = parseIp(address);
      if (entry.includes('/')) {
        const [range, bits] = ipaddr.parseCIDR(entry);
        return ip.kind() === range.kind() && ip.match(range, bits);
      }
      return ipaddr.isValid(entry) && parseIp(entry).toString() === ip.toString();
    } catch {
      return false;
    }
  });
}

/**
 * Only public unicast addresses: refuses loopback, private, link-local (cloud metadata at 169.254.169.254),
 * unique-local, carrier-grade NAT, multicast, reserved and unspecified addresses.
 */
function checkAddress(policy: FetchPolicy, host: string, address: string): void {
  if (allowlisted(policy, host, address)) return;
  const range = parseIp(address).range();
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
    let target: URL;
    try {
      target = new URL(current);
    } catch {
      throw new FetchRefused(`not a URL: ${current}`);
    }
    const host = target.hostname.replace(/^\[|\]$/g, '');
    if (target.protocol !== 'https:' && !(target.protocol === 'http:' && policy.allowHttp && allowlisted(policy, host))) {
      throw new FetchRefused(`refusing ${target.protocol}// URL ${current}: only https is fetched`);
    }
    if (target.username || target.password) throw new FetchRefused('refusing a URL with credentials in it');

    let pinned: { address: string; family: number };
    if (net.isIP(host)) {
      checkAddress(policy, host, host);
      pinned = { address: host, family: net.isIP(host) };
    } else {
      let addresses: { address: string; family: number }[];
      try {
        addresses = await beforeDeadline(lookup(host), deadline);
      } catch (err) {
        throw err instanceof FetchRefused ? err : new FetchRefused(`cannot resolve ${host}`);
      }
      if (addresses.length === 0) throw new FetchRefused(`cannot resolve ${host}`);
      for (const a of addresses) checkAddress(policy, host, a.address);
      pinned = addresses[0];
    }

    const response = await request(target, pinned, policy, deadline);
    if (response.redirect) {
      current = new URL(response.redirect, target).toString();
      continue;
    }
    return { body: response.body!, finalUrl: target.toString(), contentType: response.contentType ?? '' };
  }
  throw new FetchRefused(`more than ${policy.maxRedirects} redirects`);
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
        // the connection goes to the address already checked, whatever DNS says now
        lookup: (_host, options, callback) => {
          if ((options as { all?: boolean }).all) (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [pinned]);
          else callback(null, pinned.address, pinned.family);
        },
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
