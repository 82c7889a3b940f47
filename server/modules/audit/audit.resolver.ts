import { Arg, Args, Authorized, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.js';
import { PageArgsInput, pageWindow, toConnection } from '../../pagination.js';
import { User } from '../accounts/user.entity.js';
import type { Action } from '../../policy.js';
import { AuditEntry } from './audit.entity.js';
import { AuditEntryConnection } from './audit.types.js';

/** The audit log: every write, for admins. */
@Resolver(() => AuditEntry)
export class AuditEntryResolver {
  @Authorized<Action>('audit.read')
  @Query(() => AuditEntryConnection, { description: 'Admins: every write, newest first' })
  async auditLog(
    @Arg('target', () => String, { nullable: true, description: 'e.g. plugin:openai-plugin' }) target: string | null,
    @Args(() => PageArgsInput) page: PageArgsInput,
    @Ctx() { em, viewer, services }: Context,
    @Arg('actor', () => String, { nullable: true, description: 'The username of who did it' }) actor: string | null,
    @Arg('action', () => String, { nullable: true, description: 'e.g. submission.approve; or all of a kind: submission.*' }) action: string | null,
    @Arg('since', () => Date, { nullable: true, description: 'At or after this instant' }) since: Date | null,
    @Arg('until', () => Date, { nullable: true, description: 'Before this instant' }) until: Date | null,
  ): Promise<AuditEntryConnection> {
    const window = pageWindow(page);
    const [rows, total] = await services.audit.list(em, viewer, { target, actor, action, since, until, ...window });
    return toConnection(rows, total, window);
  }

  @FieldResolver(() => User, { nullable: true, description: 'Null for the system (automated checks) or the server operator (admin CLI; details.by says so)' })
  actor(@Root() entry: AuditEntry, @Ctx() { loaders }: Context): Promise<User | null> | null {
    return entry.actor ? loaders.users.byId.load(entry.actor.id) : null;
  }
}
