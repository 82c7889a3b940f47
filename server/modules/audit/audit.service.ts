import type { FilterQuery } from '@mikro-orm/core';
import { BadInputError } from '../../errors.js';
import type { Em } from '../../orm.js';
import type { Viewer } from '../accounts/auth.js';
import type { User } from '../accounts/user.entity.js';
import { authorize } from '../../policy.js';
import { AuditEntry } from './audit.entity.js';

export interface AuditFilter {
  target?: string | null;
  /** A username. */
  actor?: string | null;
  action?: string | null;
  since?: Date | null;
  until?: Date | null;
}

export class AuditService {
  /** Adds an entry to the unit of work: it is written with (and only with) the change it records. */
  record(em: Em, actor: User | null, action: string, target: string, details: Record<string, unknown> = {}): void {
    em.create(AuditEntry, { actor, action, target, details });
  }

  /** Newest first; each filter given narrows the list (`action` ending in `.*`: every action of that kind). */
  list(em: Em, viewer: Viewer, filter: AuditFilter & { offset: number; limit: number }): Promise<[AuditEntry[], number]> {
    authorize(viewer, 'audit.read');
    const { target, actor, action, since, until } = filter;
    if (action && !/^[a-z_]+(\.[a-z_]+|\.\*)?$/.test(action)) throw new BadInputError('action', 'an action such as submission.approve, or all of a kind: submission.*');
    if (since && until && since.getTime() >= until.getTime()) throw new BadInputError('until', 'must be later than since');
    const where: FilterQuery<AuditEntry> = {
      ...(target ? { target } : {}),
      ...(actor ? { actor: { username: actor } } : {}),
      ...(action ? { action: action.endsWith('.*') ? { $like: `${action.slice(0, -1)}%` } : action } : {}),
      ...(since || until ? { createdAt: { ...(since ? { $gte: since } : {}), ...(until ? { $lt: until } : {}) } } : {}),
    };
    return em.findAndCount(AuditEntry, where, {
      orderBy: { createdAt: 'desc', id: 'desc' },
      offset: filter.offset,
      limit: filter.limit,
    });
  }
}
