import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { DateTimeType, OptionalProps, type Rel } from '@mikro-orm/core';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { User } from '../accounts/user.entity.js';
import { Plugin } from '../catalog/plugin.entity.js';

export enum AdvisorySeverity {
  LOW = 'low',
  MODERATE = 'moderate',
  HIGH = 'high',
  CRITICAL = 'critical',
}
registerEnumType(AdvisorySeverity, { name: 'AdvisorySeverity' });

export enum AdvisoryKind {
  VULNERABILITY = 'vulnerability',
  MALWARE = 'malware',
  DEPRECATED_DEPENDENCY = 'deprecated-dependency',
}
registerEnumType(AdvisoryKind, { name: 'AdvisoryKind' });

/** Severities from least to most severe, for "at or above a level". */
export const SEVERITIES = Object.values(AdvisorySeverity);

/** A security advisory about some versions of a plugin (migration 0012), signed into the advisories.json target. */
@ObjectType({ description: 'A security advisory: versions of a plugin that are vulnerable, malicious or carry a deprecated dependency' })
@Entity()
export class Advisory {
  [OptionalProps]?: 'pluginId' | 'publishedAt' | 'references';

  @Field(() => ID, { description: 'LOOM-YYYY-NNNN' })
  @PrimaryKey({ type: 'string', length: 32 })
  id!: string;

  @Index()
  @ManyToOne(() => Plugin, { deleteRule: 'cascade' })
  plugin!: Rel<Plugin>;

  @Field({ description: 'The plugin the advisory is about' })
  get pluginId(): string {
    return this.plugin.id;
  }

  @Field({ description: 'The affected versions: a semver range' })
  @Property({ type: 'string', length: 512 })
  affected!: string;

  @Field(() => String, { nullable: true, description: 'The versions that fix it: a semver range; null when none does yet' })
  @Property({ type: 'string', length: 512, nullable: true })
  patched?: string | null;

  @Field(() => AdvisorySeverity)
  @Enum({ items: () => AdvisorySeverity })
  severity!: AdvisorySeverity;

  @Field(() => AdvisoryKind)
  @Enum({ items: () => AdvisoryKind })
  kind!: AdvisoryKind;

  @Field()
  @Property({ type: 'string', length: 512 })
  summary!: string;

  @Field()
  @Property({ type: 'text' })
  details!: string;

  @Field(() => [String])
  @Property({ type: 'json' })
  references: string[] = [];

  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  author?: Rel<User> | null;

  @Field()
  @Property({ type: DateTimeType })
  publishedAt: Date = new Date();
}
