import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { DateTimeType, OptionalProps, type Rel } from '@mikro-orm/core';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import type { ConformanceReport } from '../../../conformance/report.js';
import { User } from '../accounts/user.entity.js';
import type { SubmissionInput } from './submission.input.js';

export enum SubmissionStatus {
  PENDING_REVIEW = 'pending_review',
  IN_REVIEW = 'in_review',
  CHANGES_REQUESTED = 'changes_requested',
  APPROVED = 'approved',
  REJECTED = 'rejected',
  WITHDRAWN = 'withdrawn',
}

registerEnumType(SubmissionStatus, { name: 'SubmissionStatus' });

/** Statuses that hold an id@version: a second submission of it waits until this one is rejected or withdrawn. */
export const OPEN_STATUSES = [SubmissionStatus.PENDING_REVIEW, SubmissionStatus.IN_REVIEW, SubmissionStatus.CHANGES_REQUESTED, SubmissionStatus.APPROVED];

export enum ChecksState {
  QUEUED = 'queued',
  RUNNING = 'running',
  DONE = 'done',
}
registerEnumType(ChecksState, { name: 'ChecksState', description: 'Where the automated checks are' });

@ObjectType({ description: 'One automated check: pass, warn or fail, with why' })
export class CheckResult {
  @Field() name!: string;
  @Field({ description: 'pass, warn or fail' }) status!: 'pass' | 'warn' | 'fail';
  @Field() message!: string;
}

@ObjectType({ description: "A conformance run of Loom's plugin protocol (loom plugin test) against the submitted plugin" })
export class Conformance {
  @Field({ description: 'registry: run by the automated checks against submission.test_endpoint; self-reported: a report the author attached' })
  source!: 'registry' | 'self-reported';

  @Field({ description: 'No required check failed' }) passed!: boolean;
  @Field({ description: 'When the run finished (RFC 3339)' }) finishedAt!: string;
  @Field({ description: 'The plugin instance tested' }) endpoint!: string;
  @Field(() => GraphQLJSONObject, { description: 'The report as `loom plugin test --json` prints it: every check with its reason and fix, and the load run' })
  report!: ConformanceReport;
}

/** A request to publish a plugin or a new version of one (`registry-submission.json`). */
@ObjectType({ description: 'A request to publish a plugin or a new version of one' })
@Entity()
@Index({ properties: ['status', 'createdAt'] })
@Index({ properties: ['pluginId', 'version'] })
@Index({ properties: ['checksState', 'createdAt'] })
// One open submission per id@version: concurrent submissions of the same version cannot both win.
@Unique({ name: 'submission_open_unique', properties: ['pluginId', 'version'], where: `status in (${OPEN_STATUSES.map((s) => `'${s}'`).join(', ')})` })
export class Submission {
  [OptionalProps]?: 'status' | 'checks' | 'checksState' | 'createdAt' | 'updatedAt';

  /** `sub-` followed by random characters. */
  @Field(() => ID)
  @PrimaryKey({ type: 'string', length: 32 })
  id!: string;

  @Field()
  @Property({ type: 'string', length: 64 })
  pluginId!: string;

  @Field()
  @Property({ type: 'string', length: 128 })
  version!: string;

  @Field(() => SubmissionStatus)
  @Enum({ items: () => SubmissionStatus })
  status: SubmissionStatus = SubmissionStatus.PENDING_REVIEW;

  /** Written only as parseSubmission returned it, so it is read back as that. */
  @Field(() => GraphQLJSONObject, { description: 'The registry-submission.json as submitted (validated)' })
  @Property({ type: 'json' })
  payload!: SubmissionInput;

  @Field(() => [CheckResult])
  @Property({ type: 'json' })
  checks: CheckResult[] = [];

  /** The automated checks run in the background; this says where they are. */
  @Field(() => ChecksState)
  @Enum({ items: () => ChecksState })
  checksState: ChecksState = ChecksState.QUEUED;

  /** When a worker claimed the checks (a lease: an expired claim is queued again). */
  @Property({ type: DateTimeType, nullable: true })
  checksClaimedAt?: Date | null;

  @Field(() => Conformance, { nullable: true, description: 'The conformance run, when the submission named a test_endpoint or attached a report' })
  @Property({ type: 'json', nullable: true })
  conformance?: Conformance | null;

  /** The manifest fetched by the checks: what approval publishes. */
  @Property({ type: 'text', nullable: true, lazy: true })
  manifest?: string | null;

  @Property({ type: 'string', length: 64, nullable: true })
  manifestSha256?: string | null;

  @Field(() => User)
  @ManyToOne(() => User, { deleteRule: 'cascade' })
  submitter!: Rel<User>;

  @Field(() => User, { nullable: true })
  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  reviewer?: Rel<User> | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  notes?: string | null;

  @Field()
  @Property({ type: DateTimeType })
  createdAt: Date = new Date();

  @Field()
  @Property({ type: DateTimeType })
  updatedAt: Date = new Date();

  @Field(() => Date, { nullable: true })
  @Property({ type: DateTimeType, nullable: true })
  reviewedAt?: Date | null;
}
