import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { DateTimeType, OptionalProps, type Rel } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { Plugin } from '../catalog/plugin.entity.js';
import type { CapabilityMap } from '../../../domain/capabilities.js';
import type { DependencyMap } from '../../../domain/dependencies.js';
import { VersionQuality } from './quality.js';

/**
 * One published version: immutable once published, except for yanking. It carries its own install details
 * (manifest URL, docker image, capabilities, description, tags), so the plugin's current details are always
 * those of one installable version, never of a newer pre-release or a yanked one.
 */
@ObjectType({ description: 'A published version of a plugin' })
@Entity()
@Unique({ properties: ['plugin', 'version'] })
export class PluginVersion {
  [OptionalProps]?: 'publishedAt' | 'prerelease' | 'changes' | 'description' | 'tags' | 'dependencies' | 'conflicts' | 'provides';

  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => Plugin, { deleteRule: 'cascade' })
  plugin!: Rel<Plugin>;

  @Field({ description: 'Semantic version' })
  @Property({ type: 'string', length: 128 })
  version!: string;

  @Field()
  @Property({ type: DateTimeType })
  publishedAt: Date = new Date();

  @Field()
  @Property({ type: 'text' })
  changes: string = '';

  /** The plugin.yaml text as published; lazy, so listings never load it (GraphQL batches it by loader). */
  @Property({ type: 'text', lazy: true })
  manifest!: string;

  @Field({ description: 'sha256 of the manifest snapshot, hex' })
  @Property({ type: 'string', length: 64 })
  sha256!: string;

  @Field()
  @Property({ type: 'boolean' })
  prerelease: boolean = false;

  @Field(() => String, { nullable: true, description: 'Why the version was yanked; null when it is not' })
  @Property({ type: 'text', nullable: true })
  yankedReason?: string | null;

  @Property({ type: DateTimeType, nullable: true })
  yankedAt?: Date | null;

  @Property({ type: 'text' })
  description: string = '';

  // The defaults are those versions published before these columns existed started from (migration 0008).
  @Property({ type: 'json', default: '[]' })
  tags: string[] = [];

  @Property({ type: 'json', default: '{}' })
  capabilities!: CapabilityMap;

  @Property({ type: 'string', length: 16, default: 'http' })
  installType!: string;

  /** The publisher's manifest URL, as submitted: what the snapshot was fetched from. */
  @Property({ type: 'string', length: 2048, default: '' })
  manifestUrl!: string;

  @Property({ type: 'string', length: 256, nullable: true })
  dockerImage?: string | null;

  @Field(() => VersionQuality, { nullable: true, description: "The registry's quality checklist and score, assessed at approval; null for versions published before it was kept" })
  @Property({ type: 'json', nullable: true })
  quality?: VersionQuality | null;

  // What the version declared about other plugins (domain/dependencies.ts), normalized (keys sorted); immutable once
  // published, like the rest of the version. GraphQL reads them through VersionResolver, as lists.
  @Property({ type: 'json', default: '{}' })
  dependencies: DependencyMap = {};

  @Property({ type: 'json', default: '{}' })
  conflicts: DependencyMap = {};

  @Property({ type: 'json', default: '[]' })
  provides: string[] = [];
}

/**
 * One dependency of one version, for the reverse lookup ("used by"): written with the version, never changed. The
 * dependency is a plugin id, not a foreign key: the submission checks made sure it existed when the version came out.
 */
@Entity()
@Index({ properties: ['dependencyId'] })
export class PluginDependency {
  @ManyToOne(() => PluginVersion, { primary: true, deleteRule: 'cascade' })
  version!: Rel<PluginVersion>;

  @PrimaryKey({ type: 'string', length: 64 })
  dependencyId!: string;

  @Property({ type: 'string', length: 256 })
  range!: string;
}

/** The details kept per version and copied onto the plugin from its current version. */
export type InstallDetails = Pick<PluginVersion, 'description' | 'tags' | 'capabilities' | 'installType' | 'manifestUrl' | 'dockerImage'>;
