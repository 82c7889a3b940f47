import { distance } from 'fastest-levenshtein';
import { withArticle } from '../../errors.js';
import { parseManifest, ManifestError, type Manifest } from '../../../domain/manifest.js';
import type { CheckResult } from './submission.entity.js';
import type { SubmissionInput } from './submission.input.js';

const SECRET_PATTERNS: { kind: string; pattern: RegExp }[] = [
  { kind: 'Anthropic API key (sk-ant-…)', pattern: /sk-ant-[A-Za-z0-9_-]{20,}/ },
  { kind: 'OpenAI API key (sk-…)', pattern: /\bsk-(?!ant-)(?:proj-)?[A-Za-z0-9_-]{20,}/ },
  { kind: 'AWS access key id (AKIA…)', pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { kind: 'GitHub token (ghp_…)', pattern: /\bgh[pousr]_[A-Za-z0-9]{36,}\b/ },
  { kind: 'GitHub fine-grained token (github_pat_…)', pattern: /\bgithub_pat_[A-Za-z0-9_]{40,}/ },
  { kind: 'Hugging Face token (hf_…)', pattern: /\bhf_[A-Za-z0-9]{30,}\b/ },
  { kind: 'Google API key (AIza…)', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  { kind: 'private key (-----BEGIN … PRIVATE KEY-----)', pattern: /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----/ },
];

const pass = (name: string, message: string): CheckResult => ({ name, status: 'pass', message });
const warn = (name: string, message: string): CheckResult => ({ name, status: 'warn', message });
const fail = (name: string, message: string): CheckResult => ({ name, status: 'fail', message });

/**
 * Runs one check. An exception in it (a manifest nobody foresaw, or a bug of ours) is that check failing with the
 * reason, so the submission is sent back like any other that fails, never left with checks running for ever.
 */
export async function guarded(name: string, check: () => CheckResult[] | Promise<CheckResult[]>): Promise<CheckResult[]> {
  try {
    return await check();
  } catch (err) {
    return [fail(name, `the check could not run: ${err instanceof Error ? err.message : String(err)}`)];
  }
}

/** Shannon entropy in bits per character. */
export function entropy(text: string): number {
  const counts = new Map<string, number>();
  for (const c of text) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) bits -= (n / text.length) * Math.log2(n / text.length);
  return bits;
}

/**
 * A token-looking string random enough to be a credential. Hex carries at most 4 bits a character, so it has
 * a threshold of its own (the limits of Yelp's detect-secrets: 4.5 for base64, 3 for hex, here a little
 * lower for base64 because defaults are short).
 */
export function looksLikeSecret(value: string): boolean {
  if (/^[0-9a-f]{32,}$/i.test(value)) return entropy(value) >= 3;
  return /^[A-Za-z0-9+/_=.-]{20,}$/.test(value) && entropy(value) >= 4;
}

/** The secrets found in a text, by kind (never the secret itself). */
export function findSecrets(text: string): string[] {
  return SECRET_PATTERNS.filter(({ pattern }) => pattern.test(text)).map(({ kind }) => kind);
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\./.test(host);
}

/** Where the manifest disagrees with what the submission says of it (each side given; one left out is not compared). */
export function manifestMismatches(manifest: Manifest, said: { version?: string; provider_type?: string }): string[] {
  const mismatches: string[] = [];
  if (said.version !== undefined && manifest.metadata.version !== said.version) mismatches.push(`metadata.version is ${manifest.metadata.version}, the submission says ${said.version}`);
  if (said.provider_type !== undefined && manifest.metadata.provider_type !== said.provider_type) {
    mismatches.push(`metadata.provider_type is "${manifest.metadata.provider_type}", the submission says "${said.provider_type}"`);
  }
  return mismatches;
}

/** Parsing, schema and agreement with the submission. Returns the manifest when it can be read. */
export function checkManifest(text: string, input: { plugin: Pick<SubmissionInput['plugin'], 'version' | 'provider_type'> }): { results: CheckResult[]; manifest?: Manifest } {
  let manifest: Manifest;
  try {
    manifest = parseManifest(text);
  } catch (err) {
    if (err instanceof ManifestError) return { results: [fail('manifest-schema', `manifest ${err.message}`)] };
    throw err;
  }
  const results = [pass('manifest-schema', "manifest parses and matches Loom's manifest schema")];
  const mismatches = manifestMismatches(manifest, input.plugin);
  results.push(mismatches.length ? fail('manifest-match', mismatches.join('; ')) : pass('manifest-match', 'version and provider_type match the submission'));
  return { results, manifest };
}

/** Secrets, secret defaults, plain-http endpoints and unpinned images. */
export function securityScan(text: string, manifest: Manifest | undefined, input: SubmissionInput): CheckResult[] {
  const results: CheckResult[] = [];
  const secrets = findSecrets(text);
  results.push(secrets.length ? fail('secrets', `the manifest contains what looks like ${withArticle(secrets.join(', '))}: remove it and rotate it`) : pass('secrets', 'no provider secrets found'));

  if (manifest) {
    const fields = manifest.metadata.config_schema ?? [];
    const sensitiveDefaults = fields.filter((f) => f.sensitive && f.default !== undefined && f.default !== null && f.default !== '').map((f) => f.name);
    const randomDefaults = fields.filter((f) => !f.sensitive && typeof f.default === 'string' && looksLikeSecret(f.default)).map((f) => f.name);
    const problems = [
      ...sensitiveDefaults.map((n) => `sensitive field "${n}" has a default value`),
      ...randomDefaults.map((n) => `field "${n}" has a default that looks like a credential`),
    ];
    results.push(problems.length ? fail('secret-defaults', `${problems.join('; ')}: Loom sends secrets in /initialize, never in the manifest`) : pass('secret-defaults', 'no defaults on secrets'));

    if (manifest.endpoint) {
      const endpoint = new URL(manifest.endpoint);
      results.push(
        endpoint.protocol === 'http:' && !isLoopback(endpoint.hostname)
          ? fail('endpoint-transport', `endpoint ${manifest.endpoint} is plain http to a remote host: use https (Loom sends API keys to it)`)
          : pass('endpoint-transport', 'endpoint is https or on this machine'),
      );
    }
  }

  const image = input.plugin.install.docker_image;
  if (image) {
    const lastSegment = image.split('/').pop() ?? image;
    const tag = image.includes('@sha256:') ? 'digest' : lastSegment.includes(':') ? lastSegment.split(':').pop() : undefined;
    results.push(!tag || tag === 'latest' ? warn('docker-image-pinned', `docker_image ${image} is not pinned: use a version tag or digest`) : pass('docker-image-pinned', `docker_image is pinned (${tag})`));
  }
  return results;
}

/** What an id looks like to a hurried reader: confusable characters folded, separators dropped. */
export function skeleton(id: string): string {
  return id
    .toLowerCase()
    .replace(/rn/g, 'm')
    .replace(/vv/g, 'w')
    .replace(/[0]/g, 'o')
    .replace(/[1i]/g, 'l')
    .replace(/3/g, 'e')
    .replace(/5/g, 's')
    .replace(/[-_.]/g, '');
}

/** Warns reviewers about ids that could pass for an existing plugin's. */
export function lookalikeCheck(id: string, existing: string[]): CheckResult {
  const mine = skeleton(id);
  const similar = existing.filter((other) => other !== id && (skeleton(other) === mine || (id.length >= 5 && distance(id, other) <= 2)));
  return similar.length
    ? warn('lookalike-name', `the id "${id}" looks like ${similar.slice(0, 5).map((s) => `"${s}"`).join(', ')}: make sure this is not impersonation`)
    : pass('lookalike-name', 'no existing plugin id looks like this one');
}
