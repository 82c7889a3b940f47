import semver from 'semver';
import spdx from 'spdx-license-list';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import { PLUGIN_ID_PATTERN } from '../plugin/plugin.entity.js';

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

/** An OSI-approved SPDX id, or several joined by OR (a choice of open licenses). */
function openSourceLicense(value: string): boolean {
  return value.split(/\s+OR\s+/).every((id) => spdx[id.replace(/^\(|\)$/g, '')]?.osiApproved === true);
}

export function submissionSchema(allowHttpLoopback: boolean) {
  const url = webUrl(allowHttpLoopback);
  return z.object({
    plugin: z.object({
      id: z.string().regex(PLUGIN_ID_PATTERN, 'lowercase letters, digits and hyphens, 2-64 characters, starting with a letter or digit'),
      name: z.string().trim().min(1).max(128),
      provider_type: z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/, 'lowercase letters, digits, "_", "." and "-", at most 64 characters'),
      description: z.string().trim().min(10, 'at least 10 characters').max(5000),
      author: z.string().trim().min(1).max(256),
      version: z.string().max(128).refine((v) => semver.valid(v) !== null && semver.clean(v) === v, 'must be a semantic version such as 1.2.0'),
      license: z.string().max(128).refine(openSourceLicense, 'must be an OSI-approved SPDX license id such as MIT or Apache-2.0'),
      homepage: url,
      repository: url,
      tags: z.array(z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'tags are lowercase slugs of at most 32 characters')).max(10, 'at most 10 tags').default([]),
      capabilities: z
        .object({
          streaming: z.boolean().default(false),
          function_calling: z.boolean().default(false),
          vision: z.boolean().default(false),
          embeddings: z.boolean().default(false),
          fine_tuning: z.boolean().default(false),
          custom_capabilities: z.record(z.string().regex(/^[a-z0-9_]{1,64}$/), z.boolean()).optional(),
        })
        .strict()
        .default({ streaming: false, function_calling: false, vision: false, embeddings: false, fine_tuning: false }),
      install: z.object({
        type: z.enum(['http', 'grpc', 'builtin']),
        manifest_url: url,
        docker_image: z
          .string()
          .max(256)
          .regex(
            /^(?:[a-z0-9.-]+(?::\d+)?\/)?[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9._-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/,
            'must be a docker image reference such as org/image:1.0.0',
          )
          .optional(),
      }),
      screenshots: z.array(url).max(10, 'at most 10 screenshots').default([]),
      documentation_url: url.optional(),
    }),
    submission: z.object({
      contact_email: z.email('must be an email address').max(254),
      notes: z.string().max(2000).optional(),
    }),
  });
}

export type SubmissionInput = z.infer<ReturnType<typeof submissionSchema>>;

/** Validates a registry-submission.json body, reporting every bad field at once. */
export function parseSubmission(body: unknown, allowHttpLoopback: boolean): SubmissionInput {
  const parsed = submissionSchema(allowHttpLoopback).safeParse(body);
  if (parsed.success) return parsed.data;
  const fields = parsed.error.issues.map((issue) => ({ field: issue.path.join('.') || '(body)', message: issue.message }));
  const more = fields.length > 1 ? ` (and ${fields.length - 1} more)` : '';
  throw new AppError('BAD_USER_INPUT', `invalid submission: ${fields[0].field}: ${fields[0].message}${more}`, { fields });
}
