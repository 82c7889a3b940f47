import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { OptionalProps, type Rel } from '@mikro-orm/core';
import { User } from '../user/user.entity.js';

export enum SubmissionStatus {
  PENDING_REVIEW = 'pending_review',
  IN_REVIEW = 'in_review',
  CHANGES_REQUESTED = 'changes_requested',
  APPROVED = 'approved',
  REJECTED = 'rejected',
}

export interface CheckResult {
  name: string;
  status: 'pass' | 'warn' | 'fail';
  message: string;
}

/** A request to publish a plugin or a new version of one (`registry-submission.json`). */
@Entity()
@Index({ properties: ['status', 'createdAt'] })
@Index({ properties: ['pluginId', 'version'] })
export class Submission {
  [OptionalProps]?: 'status' | 'checks' | 'createdAt' | 'updatedAt';

  /** `sub-` followed by random characters. */
  @PrimaryKey({ type: 'string', length: 32 })
  id!: string;

  @Property({ type: 'string', length: 64 })
  pluginId!: string;

  @Property({ type: 'string', length: 128 })
  version!: string;

  @Enum({ items: () => SubmissionStatus })
  status: SubmissionStatus = SubmissionStatus.PENDING_REVIEW;

  @Property({ type: 'json' })
  payload!: Record<string, unknown>;

  @Property({ type: 'json' })
  checks: CheckResult[] = [];

  @ManyToOne(() => User, { deleteRule: 'cascade' })
  submitter!: Rel<User>;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  reviewer?: Rel<User> | null;

  @Property({ type: 'text', nullable: true })
  notes?: string | null;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime' })
  updatedAt: Date = new Date();

  @Property({ type: 'datetime', nullable: true })
  reviewedAt?: Date | null;
}
