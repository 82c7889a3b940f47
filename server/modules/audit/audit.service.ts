import type { Em } from '../../orm.js';
import type { Viewer } from '../accounts/auth.js';
import type { User } from '../accounts/user.entity.js';
import { authorize } from '../../policy.js';
import { AuditEntry } from './audit.entity.js';

export class AuditService {
  /** Adds an entry to the unit of work: it is written with (and only with) the change it records. */
  record(em: Em, actor: User | null, action: string, target: string, details: Record<string, unknown> = {}): void {
    em.create(AuditEntry, { actor, action, target, details });
  }

  list(em: Em, viewer: Viewer, filter: { target?: string | null; offset: number; limit: number }): Promise<[AuditEntry[], number]> {
    authorize(viewer, 'audit.read');
    return em.findAndCount(AuditEntry, filter.target ? { target: filter.target } : {}, {
      orderBy: { createdAt: 'desc', id: 'desc' },
      offset: filter.offset,
      limit: filter.limit,
    });
  }
}
