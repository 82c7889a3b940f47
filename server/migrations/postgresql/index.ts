import { Migration0001Initial } from './0001-initial.js';

/** Applied in order; a migration is never edited once released: add a new one (and its SQLite twin). */
export const POSTGRESQL_MIGRATIONS = [{ name: '0001-initial', class: Migration0001Initial }];
