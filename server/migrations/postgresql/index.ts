import { Migration0001Initial } from './0001-initial.js';
import { Migration0002Publishing } from './0002-publishing.js';
import { Migration0003Community } from './0003-community.js';

/** Applied in order; a migration is never edited once released: add a new one (and its SQLite twin). */
export const POSTGRESQL_MIGRATIONS = [
  { name: '0001-initial', class: Migration0001Initial },
  { name: '0002-publishing', class: Migration0002Publishing },
  { name: '0003-community', class: Migration0003Community },
];
