import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { DateTimeType, OptionalProps, type Rel } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { User } from '../accounts/user.entity.js';
import { countColumn } from '../stats/count.js';
import type { CapabilityMap } from '../../../domain/capabilities.js';
import type { DependencyMap } from '../../../domain/dependencies.js';
import { Category } from '../../../domain/plugin.js';

registerEnumType(Category, { name: 'Category', description: 'How a plugin is maintained and vetted' });

/** Prior for the Bayesian-smoothed rating: C pseudo-reviews at mean M keep a lone 5-star from topping the list. */
export const RATING_PRIOR_WEIGHT = 5;
export const RATING_PRIOR_MEAN = 3.5;

export function bayesianRating(sum: number, count: number): number {
  return (RATING_PRIOR_WEIGHT * RATING_PRIOR_MEAN + sum) / (RATING_PRIOR_WEIGHT + count);
}

/**
 * A provider plugin. Aggregates (downloads, rating, stars, latest version) are kept on the row,
 * updated with the writes that change them, so listing and sorting never scan child tables.
 */
@ObjectType({ description: 'A provider plugin for Loom' })
@Entity()
// One index per sort order, tie-broken by id, so a page of any sort walks an index instead of sorting the table.
@Index({ name: 'plugin_downloads_index', properties: ['downloads', 'id'], columns: [{ name: 'downloads', sort: 'desc' }, { name: 'id' }] })
@Index({
  name: 'plugin_rating_index',
  properties: ['ratingScore', 'ratingCount', 'id'],
  columns: [{ name: 'rating_score', sort: 'desc' }, { name: 'rating_count', sort: 'desc' }, { name: 'id' }],
})
@Index({ name: 'plugin_updated_index', properties: ['updatedAt', 'id'], columns: [{ name: 'updated_at', sort: 'desc' }, { name: 'id' }] })
@Index({ name: 'plugin_name_index', properties: ['name', 'id'], columns: [{ name: 'name', collation: 'nocase' }, { name: 'id' }] })
@Index({ properties: ['providerType'] })
// registry.json's order, of the installable plugins only (migration 0020): the build reads it from the index alone
@Index({ name: 'plugin_registry_order_index', expression: 'create index plugin_registry_order_index on plugin (downloads desc, id) where installable' })
export class Plugin {
  [OptionalProps]?:
    | 'category' | 'verified' | 'tags' | 'screenshots' | 'publishedAt' | 'updatedAt' | 'downloads' | 'importedDownloads'
    | 'ratingCount' | 'ratingSum' | 'importedRatingCount' | 'importedRatingSum' | 'ratingScore' | 'stars' | 'histogram' | 'installable' | 'manifestSha256' | 'tested' | 'dependencies' | 'conflicts' | 'provides';

  @Field(() => ID, { description: 'Slug: lowercase letters, digits and hyphens' })
  @PrimaryKey({ type: 'string', length: 64 })
  id!: string;

  @Field()
  @Property({ type: 'string', length: 128 })
  name!: string;

  @Field({ description: "The provider key; equals what the plugin's GET /metadata returns" })
  @Property({ type: 'string', length: 64 })
  providerType!: string;

  @Field()
  @Property({ type: 'text' })
  description!: string;

  @Field()
  @Property({ type: 'string', length: 256 })
  author!: string;

  @Field({ description: 'SPDX license identifier' })
  @Property({ type: 'string', length: 64 })
  license!: string;

  @Field()
  @Property({ type: 'string', length: 2048 })
  homepage!: string;

  @Field()
  @Property({ type: 'string', length: 2048 })
  repository!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 2048, nullable: true })
  documentationUrl?: string | null;

  @Field(() => [String])
  @Property({ type: 'json' })
  tags: string[] = [];

  @Property({ type: 'json' })
  capabilities!: CapabilityMap;

  @Field(() => Category)
  @Enum({ items: () => Category })
  category: Category = Category.COMMUNITY;

  @Field()
  @Property({ type: 'boolean' })
  verified: boolean = false;

  @Property({ type: 'string', length: 16 })
  installType!: string;

  @Property({ type: 'string', length: 2048 })
  manifestUrl!: string;

  @Property({ type: 'string', length: 256, nullable: true })
  dockerImage?: string | null;

  /** sha256 of the current version's manifest snapshot, the bytes its manifest route sends. */
  @Property({ type: 'string', length: 64 })
  manifestSha256: string = '';

  @Field(() => [String])
  @Property({ type: 'json' })
  screenshots: string[] = [];

  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  owner?: Rel<User> | null;

  @Field()
  @Property({ type: DateTimeType })
  publishedAt: Date = new Date();

  @Field()
  @Property({ type: DateTimeType })
  updatedAt: Date = new Date();

  @Property({ type: 'text', nullable: true })
  deprecatedMessage?: string | null;

  @Property({ type: 'string', length: 64, nullable: true })
  deprecatedReplacement?: string | null;

  @Field({ description: 'Newest published version that is neither yanked nor a pre-release (else the newest); description, tags, capabilities and install are that version\'s' })
  @Property({ type: 'string', length: 128 })
  version!: string;

  /** Whether some version is neither yanked nor a pre-release: only such plugins are in registry.json. */
  @Field({ description: 'Whether some version is neither yanked nor a pre-release; when false, `notInstallableReason` says why and registry.json leaves the plugin out' })
  @Property({ type: 'boolean' })
  installable: boolean = true;

  /** The current version's quality score (0–100); null when it was published before quality was kept. */
  @Field(() => Int, { nullable: true, description: "The current version's quality score (0–100, its `quality.score`); null when it was published before quality was kept" })
  @Property({ type: 'integer', nullable: true })
  qualityScore?: number | null;

  /** Whether the current version passed conformance (its quality item `conformance`). */
  @Field({ description: "Whether the current version passed the conformance tests (its quality item `conformance`)" })
  @Property({ type: 'boolean', default: false })
  tested: boolean = false;

  /** The current version's dependencies, conflicts and provides (its copy, for registry.json; the version's are the record). */
  @Property({ type: 'json', default: '{}' })
  dependencies: DependencyMap = {};

  @Property({ type: 'json', default: '{}' })
  conflicts: DependencyMap = {};

  @Property({ type: 'json', default: '[]' })
  provides: string[] = [];

  /** All-time downloads: the imported baseline plus every counted download (as of the last publication of counts). */
  @Property({ type: countColumn() })
  downloads: number = 0;

  /** Downloads counted elsewhere before this registry took the catalog in (from an imported registry.json). */
  @Property({ type: countColumn() })
  importedDownloads: number = 0;

  /** Review aggregate, including an imported baseline; kept with each review write. */
  @Property({ type: countColumn() })
  ratingCount: number = 0;

  /** A double: an imported baseline carries a fractional average × count. */
  @Property({ type: 'double' })
  ratingSum: number = 0;

  @Property({ type: countColumn() })
  importedRatingCount: number = 0;

  @Property({ type: 'double' })
  importedRatingSum: number = 0;

  /** Counts of visible reviews rated 1..5 (imported baselines have no histogram). */
  @Property({ type: 'json' })
  histogram: number[] = [0, 0, 0, 0, 0];

  @Property({ type: 'double' })
  ratingScore: number = RATING_PRIOR_MEAN;

  @Property({ type: countColumn() })
  stars: number = 0;

  /**
   * This plugin's registry.json entry without counts and manifest URL (domain/registry-entry.ts), written with every change
   * through the ORM; a database trigger empties it when other writers change what it is made from.
   */
  @Property({ type: 'text', nullable: true, lazy: true })
  registryEntry?: string | null;
}

/** Reviews written here and not hidden (an imported rating baseline has no rows to list). */
export function visibleReviewCount(p: Pick<Plugin, 'histogram'>): number {
  return p.histogram.reduce((a, b) => a + b, 0);
}

export function ratingAverage(p: Pick<Plugin, 'ratingSum' | 'ratingCount'>): number {
  return p.ratingCount === 0 ? 0 : Math.round((p.ratingSum / p.ratingCount) * 100) / 100;
}

/** Tag rows for filtering and facets; `plugin.tags` keeps the display order. */
@Entity()
@Index({ properties: ['tag'] })
export class PluginTag {
  @ManyToOne(() => Plugin, { primary: true, deleteRule: 'cascade' })
  plugin!: Rel<Plugin>;

  @PrimaryKey({ type: 'string', length: 64 })
  tag!: string;
}

/** A user who may publish versions of a plugin besides its owner. */
@Entity()
export class PluginMaintainer {
  [OptionalProps]?: 'addedAt';

  @ManyToOne(() => Plugin, { primary: true, deleteRule: 'cascade' })
  plugin!: Rel<Plugin>;

  @ManyToOne(() => User, { primary: true, deleteRule: 'cascade' })
  user!: Rel<User>;

  @Property({ type: DateTimeType })
  addedAt: Date = new Date();
}
