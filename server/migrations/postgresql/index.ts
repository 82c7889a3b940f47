import { Migration0001Initial } from './0001-initial.js';
import { Migration0002Publishing } from './0002-publishing.js';
import { Migration0003Community } from './0003-community.js';
import { Migration0004CheckClaims } from './0004-check-claims.js';
import { Migration0005IdTrigramExpression } from './0005-id-trigram-expression.js';
import { Migration0006SubmissionWithdrawn } from './0006-submission-withdrawn.js';
import { Migration0007CountsClock } from './0007-counts-clock.js';
import { Migration0008VersionInstallDetails } from './0008-version-install-details.js';
import { Migration0009ApiKeyParent } from './0009-api-key-parent.js';
import { Migration0010PluginChange } from './0010-plugin-change.js';
import { Migration0011SubmissionConformance } from './0011-submission-conformance.js';
import { Migration0012Trust } from './0012-trust.js';
import { Migration0013AccountsSignIn } from './0013-accounts-sign-in.js';
import { Migration0014PluginQuality } from './0014-plugin-quality.js';
import { Migration0015Dependencies } from './0015-dependencies.js';
import { Migration0016PluginReports } from './0016-plugin-reports.js';
import { Migration0017DeviceGrants } from './0017-device-grants.js';
import { Migration0019AuthVersion } from './0019-auth-version.js';
import { Migration0020RegistryOrder } from './0020-registry-order.js';
import { Migration0021MaintainerDataVersion } from './0021-maintainer-data-version.js';
import { Migration0022UserDataVersion } from './0022-user-data-version.js';

/** Applied in order; a migration is never edited once released: add a new one (and its SQLite twin when the change is not PostgreSQL's own). */
export const POSTGRESQL_MIGRATIONS = [
  { name: '0001-initial', class: Migration0001Initial },
  { name: '0002-publishing', class: Migration0002Publishing },
  { name: '0003-community', class: Migration0003Community },
  { name: '0004-check-claims', class: Migration0004CheckClaims },
  { name: '0005-id-trigram-expression', class: Migration0005IdTrigramExpression },
  { name: '0006-submission-withdrawn', class: Migration0006SubmissionWithdrawn },
  { name: '0007-counts-clock', class: Migration0007CountsClock },
  { name: '0008-version-install-details', class: Migration0008VersionInstallDetails },
  { name: '0009-api-key-parent', class: Migration0009ApiKeyParent },
  { name: '0010-plugin-change', class: Migration0010PluginChange },
  { name: '0011-submission-conformance', class: Migration0011SubmissionConformance },
  { name: '0012-trust', class: Migration0012Trust },
  { name: '0013-accounts-sign-in', class: Migration0013AccountsSignIn },
  { name: '0014-plugin-quality', class: Migration0014PluginQuality },
  { name: '0015-dependencies', class: Migration0015Dependencies },
  { name: '0016-plugin-reports', class: Migration0016PluginReports },
  { name: '0017-device-grants', class: Migration0017DeviceGrants },
  { name: '0019-auth-version', class: Migration0019AuthVersion },
  { name: '0020-registry-order', class: Migration0020RegistryOrder },
  { name: '0021-maintainer-data-version', class: Migration0021MaintainerDataVersion },
  { name: '0022-user-data-version', class: Migration0022UserDataVersion },
];
