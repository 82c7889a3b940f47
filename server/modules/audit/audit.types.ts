import { ObjectType } from 'type-graphql';
import { Connection } from '../../pagination.js';
import { AuditEntry } from './audit.entity.js';

@ObjectType()
export class AuditEntryConnection extends Connection(AuditEntry, 'AuditEntry') {}
