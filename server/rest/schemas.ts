import { z } from 'zod';
import type { ErrorCode } from '../../domain/error-codes.js';
import { HTTP_STATUS } from '../errors.js';
import { registryEntrySchema } from '../../domain/registry-entry.js';
import { ChecksState, SubmissionStatus } from '../modules/publishing/submission.entity.js';

/**
 * The shapes the REST layer answers, as zod schemas: the OpenAPI document's components are generated from them
 * (a schema with a `meta({ id })` becomes `#/components/schemas/<id>`), and the routes' JSON types are inferred
 * from them, so an answer that drifts from its documented shape fails to compile.
 */

const timestamp = z.string().meta({ format: 'date-time', description: 'RFC 3339, UTC, whole seconds' });
/** Counts are exact JSON numbers up to 2^53 − 1 (Loom reads registry.json's as int64). */
const count = z.int().min(0).max(Number.MAX_SAFE_INTEGER).meta({ format: 'int64' });
const totalDownloads = count.meta({ format: 'int64', description: 'All-time downloads, as of the last publication of counts (at most COUNTS_REFRESH_SECONDS old)' });
const rating = z.number().min(0).max(5).meta({ description: 'Average rating to one decimal, 0 when unrated' });

/** Loom's registry.json entry fields (domain/registry-entry.ts); the detail replaces `reviews` with the reviews themselves. */
const { reviews: _ratingCount, ...entryFields } = registryEntrySchema.shape;
const installable = z.boolean().meta({ description: 'Whether some version is neither yanked nor a pre-release; a plugin without one is left out of registry.json' });
const qualityScore = z.int().min(0).max(100).nullable().meta({ description: "The current version's quality score (its `quality.score`); null when it was published before quality was kept" });
const tested = z.boolean().meta({ description: 'Whether the current version passed the conformance tests (its quality item `conformance`)' });

export const registryEntry = registryEntrySchema.meta({ id: 'RegistryEntry', description: "One plugin in Loom's registry.json entry shape: every field of the JSON type Loom's Go client decodes" });

export const pluginListItem = registryEntrySchema
  .extend({ installable, quality_score: qualityScore, tested })
  .meta({ id: 'PluginListItem', description: 'A registry.json entry, whether `loom plugin install <id>` finds a version to install, and its current version\'s quality' });

const page = z.int().min(1).meta({ description: 'floor(offset / limit) + 1' });
const pages = count.meta({ format: 'int64', description: 'ceil(total / limit); 0 when nothing matches' });

export const pluginList = z
  .object({
    total: count.meta({ format: 'int64', description: 'Matching items (a text search ranks at most the server’s SEARCH_MAX_RESULTS best matches)' }),
    plugins: z.array(pluginListItem),
    page,
    pages,
    did_you_mean: z.string().nullable().meta({
      description: '`search` with its misspelt words corrected, when some word matched nothing as typed (`plugins` are then the matches of the correction); null otherwise',
    }),
  })
  .meta({ id: 'PluginList' });

export const versionJson = z
  .object({
    version: z.string(),
    published_at: timestamp,
    changes: z.string(),
    prerelease: z.boolean(),
    yanked: z.boolean().meta({ description: 'A yanked version is not installed unless pinned' }),
    yanked_reason: z.string().nullable(),
    quality: z
      .object({
        score: z.number().int().min(0).max(100),
        items: z.array(z.object({ id: z.string(), label: z.string(), passed: z.boolean(), detail: z.string() })),
        assessed_at: z.string(),
      })
      .nullable()
      .meta({ description: "The registry's quality checklist and score for the version, assessed at approval; null for versions published before it was kept" }),
    dependencies: z.record(z.string(), z.string()).meta({ description: 'Plugin id → semver range this version needs installed, as published (immutable); `{}` when none' }),
    conflicts: z.record(z.string(), z.string()).meta({ description: 'Plugin id → range of versions that cannot be installed beside this one; `{}` when none' }),
    provides: z.array(z.string()).meta({ description: 'Names this version stands in for (such as `embeddings`); `[]` when none' }),
  })
  .meta({ id: 'Version' });

export const versionList = z.object({ total: count, versions: z.array(versionJson).meta({ description: 'Every version, newest semver first' }) }).meta({ id: 'VersionList' });

export const dependentJson = z
  .object({
    plugin_id: z.string(),
    version: z.string().meta({ description: 'Its current installable version, the one that depends' }),
    range: z.string().meta({ description: 'The semver range that version needs' }),
  })
  .meta({ id: 'Dependent' });

export const dependentList = z
  .object({
    total: count.meta({ format: 'int64', description: 'Plugins whose current installable version depends on this one' }),
    dependents: z.array(dependentJson).meta({ description: 'By plugin id' }),
    next_cursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null on the last' }),
  })
  .meta({ id: 'DependentList', description: 'The plugins that use this one ("used by")' });

export const statsJson = z
  .object({
    downloads: totalDownloads,
    downloads_last_30d: count.meta({ format: 'int64', description: 'Downloads in the last 30 UTC days, today included, as of the last publication of counts' }),
    stars: count,
    rating,
    rating_count: count.meta({ format: 'int64', description: 'Number of ratings (the registry.json entry’s `reviews`)' }),
  })
  .meta({ id: 'Stats' });

export const reviewJson = z
  .object({
    rating: z.int().min(1).max(5),
    comment: z.string(),
    author: z.string().meta({ description: 'Username' }),
    date: z.string().meta({ format: 'date', description: 'YYYY-MM-DD (UTC)' }),
  })
  .meta({ id: 'Review' });

export const pluginDetail = z
  .object({
    ...entryFields,
    installable,
    quality_score: qualityScore,
    tested,
    not_installable_reason: z.string().nullable().meta({ description: 'Why no version can be installed (every version yanked, or only pre-releases); null when one can' }),
    versions: z.array(versionJson).meta({ description: 'Every version, newest semver first' }),
    stats: statsJson,
    reviews: z.array(reviewJson).meta({ description: 'Visible reviews, newest first: `reviews_limit` from `reviews_offset`' }),
    reviews_total: count.meta({ format: 'int64', description: 'Visible reviews there are to page through (GET /api/v1/plugins/{id}/reviews)' }),
  })
  .meta({ id: 'PluginDetail', description: 'The entry fields, with every version, statistics and a page of reviews' });

export const reviewList = z.object({ total: count, reviews: z.array(reviewJson), page, pages }).meta({ id: 'ReviewList' });

export const registryDocument = z
  .looseObject({ version: z.literal('1.0'), plugins: z.array(registryEntry) })
  .meta({ id: 'RegistryDocument', description: 'Every installable plugin, most downloaded first' });

export const submissionReceipt = z
  .looseObject({
    submission_id: z.string().regex(/^sub-[0-9a-f]{12}$/),
    status: z.enum([SubmissionStatus.PENDING_REVIEW]),
    message: z.string(),
    estimated_review_time: z.string(),
  })
  .meta({ id: 'SubmissionReceipt' });

export const submissionJson = z
  .looseObject({
    submission_id: z.string(),
    status: z.enum(SubmissionStatus),
    plugin_id: z.string(),
    version: z.string(),
    reviewed_by: z.string().nullable().meta({ description: "The reviewer's email" }),
    reviewed_at: timestamp.nullable(),
    notes: z.string().nullable(),
    checks_state: z.enum(ChecksState),
    checks: z.array(z.object({ name: z.string(), status: z.enum(['pass', 'warn', 'fail']), message: z.string() })),
    conformance: z
      .object({
        source: z.enum(['registry', 'self-reported']),
        passed: z.boolean(),
        finished_at: z.string(),
        endpoint: z.string(),
        report: z.looseObject({}).meta({ description: 'As `loom plugin test --json` prints it (format loom-plugin-test/1)' }),
      })
      .nullable()
      .meta({ description: 'The conformance run (loom plugin test): by the registry against submission.test_endpoint, or self-reported by the author; null without either' }),
    created_at: timestamp.optional(),
    updated_at: timestamp.optional(),
  })
  .meta({ id: 'SubmissionStatus' });

export const accepted = z.looseObject({ accepted: z.boolean() });

export const errorBody = z
  .object({
    error: z.object({
      code: z.enum(Object.keys(HTTP_STATUS) as [ErrorCode, ...ErrorCode[]]),
      message: z.string(),
      details: z.record(z.string(), z.unknown()).optional().meta({ description: 'e.g. `field`, the parameter at fault' }),
    }),
  })
  .meta({ id: 'Error' });

export type PluginJson = z.output<typeof pluginListItem>;
export type PluginDetail = z.output<typeof pluginDetail>;
export type VersionJson = z.output<typeof versionJson>;
export type ReviewJson = z.output<typeof reviewJson>;
