import { AuditEntry } from './modules/audit/audit.entity.js';
import { Plugin, PluginMaintainer, PluginTag } from './modules/catalog/plugin.entity.js';
import { DownloadDaily } from './modules/stats/download-daily.entity.js';
import { DownloadCountryDaily, DownloadSeen, Installation, TelemetryDaily } from './modules/stats/usage.entity.js';
import { ReviewFlag, Star } from './modules/community/community.entity.js';
import { Review } from './modules/community/review.entity.js';
import { IdempotencyRecord } from './modules/publishing/idempotency.entity.js';
import { Submission } from './modules/publishing/submission.entity.js';
import { DeviceGrant } from './modules/accounts/device-grant.entity.js';
import { ApiKey, User } from './modules/accounts/user.entity.js';
import { PluginDependency, PluginVersion } from './modules/publishing/version.entity.js';
import { Advisory } from './modules/trust/advisory.entity.js';
import { TufBlob, TufMetadata } from './modules/trust/tuf.entity.js';
import { PluginReport } from './modules/trust/report.entity.js';

export const ENTITIES = [User, ApiKey, Plugin, PluginTag, PluginMaintainer, PluginVersion, PluginDependency, Review, Submission, IdempotencyRecord, DownloadDaily, AuditEntry,
  Star, ReviewFlag, DownloadSeen, DownloadCountryDaily, Installation, TelemetryDaily,
  Advisory, TufMetadata, TufBlob, DeviceGrant, PluginReport];
