import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { DateTimeType, OptionalProps, type Rel } from '@mikro-orm/core';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { User } from '../accounts/user.entity.js';
import { Plugin } from '../catalog/plugin.entity.js';
import { Advisory } from './advisory.entity.js';

export enum ReportKind {
  SECURITY = 'security',
  MALWARE = 'malware',
  ABUSE = 'abuse',
  LICENSE = 'license',
}
registerEnumType(ReportKind, { name: 'ReportKind', description: 'security and license reports go to the plugin’s owner, maintainers and admins; malware and abuse reports to admins only' });

export enum ReportStatus {
  OPEN = 'open',
  CLOSED = 'closed',
  ADVISORY = 'advisory',
}
registerEnumType(ReportStatus, { name: 'ReportStatus', description: 'open; closed with a note; or published as an advisory' });

/**
 * A private report about a plugin (migration 0016): never public, never in a response cache, and no trigger moves
 * the data version for it (nothing anyone else reads changes).
 */
@ObjectType({ description: 'A private report about a plugin: seen by its reporter and by those who handle its kind' })
@Entity({ tableName: 'plugin_report' })
export class PluginReport {
  [OptionalProps]?: 'status' | 'createdAt' | 'pluginId' | 'reporterName' | 'advisoryId';

  @Field(() => ID)
  @PrimaryKey({ type: 'string', length: 36 })
  id!: string;

  @Index()
  @ManyToOne(() => Plugin, { deleteRule: 'cascade' })
  plugin!: Rel<Plugin>;

  @Field({ description: 'The plugin reported' })
  get pluginId(): string {
    return this.plugin.id;
  }

  @Field(() => ReportKind)
  @Enum({ items: () => ReportKind })
  kind!: ReportKind;

  @Field(() => ReportStatus)
  @Enum({ items: () => ReportStatus })
  status: ReportStatus = ReportStatus.OPEN;

  @Field()
  @Property({ type: 'text' })
  details!: string;

  @Field(() => String, { nullable: true, description: 'Where to reach the reporter (given by anonymous reporters)' })
  @Property({ type: 'string', length: 254, nullable: true })
  contact?: string | null;

  @Index()
  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  reporter?: Rel<User> | null;

  @Field(() => String, { nullable: true, name: 'reporter', description: 'The reporter’s username; null when anonymous' })
  get reporterName(): string | null {
    return this.reporter?.username ?? null;
  }

  /** sha256 (hex) of the anonymous reporter's status token; the token itself is shown once. */
  @Property({ type: 'string', length: 64, nullable: true })
  tokenHash?: string | null;

  @Field(() => String, { nullable: true, description: 'Why it was closed, for the reporter' })
  @Property({ type: 'text', nullable: true })
  note?: string | null;

  @ManyToOne(() => Advisory, { nullable: true, deleteRule: 'set null' })
  advisory?: Rel<Advisory> | null;

  @Field(() => String, { nullable: true, description: 'The advisory published from it' })
  get advisoryId(): string | null {
    return this.advisory?.id ?? null;
  }

  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  handledBy?: Rel<User> | null;

  @Field()
  @Property({ type: DateTimeType })
  createdAt: Date = new Date();

  @Field(() => Date, { nullable: true })
  @Property({ type: DateTimeType, nullable: true })
  handledAt?: Date | null;
}
