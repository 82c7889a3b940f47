import semver from 'semver';
import parseSpdx from 'spdx-expression-parse';
import spdx from 'spdx-license-list';
import { z } from 'zod';
import { reportSchema } from '../../../conformance/report.js';
import { AppError, issueMessage } from '../../errors.js';
import { flags, isReservedCapability, RESERVED_CAPABILITY_MESSAGE } from '../../../domain/capabilities.js';
import { PLUGIN_ID_PATTERN, PLUGIN_ID_RULE, PLUGIN_TYPES } from '../../../domain/plugin.js';
import { ManifestError, parseManifest } from '../../../domain/manifest.js';
import { dependencyDeclarationSchema } from '../../../domain/dependencies.js';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** https only; plain http only to this machine, and only when the development setting allows it. */
function webUrl(allowHttpLoopback: boolean) {
  return z
    .string()
    .max(2048)
    .refine((value) => {
      try {
        const url = new URL(value);
        return url.protocol === 'https:' || (allowHttpLoopback && url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
      } catch {
        return false;
      }
    }, allowHttpLoopback ? 'must be an https URL (or http on localhost)' : 'must be an https URL');
}

/** Every license an SPDX expression names, however they are combined (AND, OR, WITH, parentheses). */
function licensesIn(node: parseSpdx.Info): string[] {
  return 'license' in node ? [node.license] : [...licensesIn(node.left), ...licensesIn(node.right)];
}

/** An SPDX license expression naming only OSI-approved licenses (`MIT`, `MIT OR Apache-2.0`, `GPL-2.0-only WITH Classpath-exception-2.0`). */
const openSourceLicense = z
  .string()
  .max(128)
  .superRefine((value, ctx) => {
    let licenses: string[];
    try {
      licenses = licensesIn(parseSpdx(value));
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be an SPDX license expression such as MIT, Apache-2.0 or "MIT OR Apache-2.0"' });
      return;
    }
    const closed = licenses.filter((id) => spdx[id]?.osiApproved !== true);
    if (closed.length) ctx.addIssue({ code: 'custom', message: `${closed.map((id) => `"${id}"`).join(', ')} ${closed.length > 1 ? 'are not OSI-approved licenses' : 'is not an OSI-approved license'}: the registry lists open-source plugins` });
  });

const TAG = /^[a-z0-9][a-z0-9-]{0,31}$/;
const MAX_TAGS = 10;

/** Every bad tag is named (not only the count), and a tag listed twice is a mistake worth saying. */
const tagList = z
  .array(z.string())
  .default([])
  .superRefine((tags, ctx) => {
    tags.forEach((tag, i) => {
      if (!TAG.test(tag)) ctx.addIssue({ code: 'custom', path: [i], message: `"${tag}": tags are lowercase slugs (letters, digits, "-") of at most 32 characters` });
      else if (tags.indexOf(tag) !== i) ctx.addIssue({ code: 'custom', path: [i], message: `"${tag}" is listed twice` });
    });
    if (tags.length > MAX_TAGS) ctx.addIssue({ code: 'custom', message: `at most ${MAX_TAGS} tags (${tags.length} given)` });
  });

/** A manifest given inline (YAML or JSON), checked by the same parser as a fetched one. */
const inlineManifest = z.string().superRefine((text, ctx) => {
  try {
    parseManifest(text);
  } catch (err) {
    if (!(err instanceof ManifestError)) throw err;
    ctx.addIssue({ code: 'custom', message: err.message });
  }
});

export function submissionSchema(allowHttpLoopback: boolean) {
  const url = webUrl(allowHttpLoopback);
  return z.strictObject({
    plugin: z.strictObject({
      id: z.string().regex(PLUGIN_ID_PATTERN, PLUGIN_ID_RULE),
      name: z.string().trim().min(1).max(128),
      provider_type: z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/, 'lowercase letters, digits, "_", "." and "-", at most 64 characters'),
      description: z.string().trim().min(10, 'at least 10 characters').max(5000),
      author: z.string().trim().min(1).max(256),
      version: z.string().max(128).refine((v) => semver.valid(v) !== null && semver.clean(v) === v, 'must be a semantic version such as 1.2.0'),
      license: openSourceLicense,
      homepage: url,
      repository: url,
      tags: tagList,
      capabilities: z
        .object({
          ...flags(() => z.boolean().default(false)),
          custom_capabilities: z
            .record(z.string().regex(/^[a-z0-9_]{1,64}$/, 'custom capability names are lowercase letters, digits and "_", at most 64 characters'), z.boolean())
            .superRefine((custom, ctx) => {
              for (const name of Object.keys(custom)) if (isReservedCapability(name)) ctx.addIssue({ code: 'custom', path: [name], message: `"${name}" ${RESERVED_CAPABILITY_MESSAGE}` });
            })
            .optional(),
        })
        .strict()
        .default(flags(() => false)),
      install: z.strictObject({
        type: z.enum(PLUGIN_TYPES),
        manifest_url: url.optional(),
        /** The manifest itself instead of a URL to fetch it from: read by Loom's manifest parser here, stored like a fetched one. */
        manifest: inlineManifest.optional(),
        docker_image: z
          .string()
          .max(256)
          .regex(
            /^(?:[a-z0-9.-]+(?::\d+)?\/)?[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9._-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/,
            'must be a docker image reference such as org/image:1.0.0',
          )
          .optional(),
      }).superRefine((install, ctx) => {
        if (install.manifest_url === undefined && install.manifest === undefined) ctx.addIssue({ code: 'custom', path: ['manifest_url'], message: 'required (or give the manifest itself as install.manifest)' });
        if (install.manifest_url !== undefined && install.manifest !== undefined) ctx.addIssue({ code: 'custom', path: ['manifest'], message: 'give the manifest or its manifest_url, not both' });
      }),
      screenshots: z.array(url).max(10, 'at most 10 screenshots').default([]),
      documentation_url: url.optional(),
    }),
    submission: z.strictObject({
      contact_email: z.email({ error: (issue) => (issue.input === undefined ? 'required' : 'must be an email address') }).max(254),
      notes: z.string().max(2000).optional(),
      /** A running instance the automated checks run `loom plugin test` against. */
      test_endpoint: url.optional(),
      /** The author's own `loom plugin test --json` report, shown as self-reported. */
      test_report: reportSchema.optional(),
    }),
    // What this version needs of other plugins (docs/submission-format.md#dependencies); also accepted in the manifest
    // under x-loom-registry, and then both must say the same.
    ...dependencyDeclarationSchema.shape,
  });
}

export type SubmissionInput = z.infer<ReturnType<typeof submissionSchema>>;

/**
 * Validates a registry-submission.json body, reporting every bad field at once. Unknown fields are refused
 * by name: a misspelt optional field (`documentaton_url`) would otherwise vanish without a word.
 */
export function parseSubmission(body: unknown, allowHttpLoopback: boolean): SubmissionInput {
  const parsed = submissionSchema(allowHttpLoopback).safeParse(body, { error: issueMessage });
  if (parsed.success) return parsed.data;
  const fields = parsed.error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ field: [...issue.path, key].join('.'), message: 'unknown field: not part of registry-submission.json' }))
      : [{ field: issue.path.join('.') || '(body)', message: issue.message }],
  );
  const more = fields.length > 1 ? ` (and ${fields.length - 1} more)` : '';
  throw new AppError('BAD_USER_INPUT', `invalid submission: ${fields[0].field}: ${fields[0].message}${more}`, { fields });
}
