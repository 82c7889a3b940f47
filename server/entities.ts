import { AuditEntry } from './modules/audit/audit.entity.js';
import { Plugin, PluginMaintainer, PluginTag } from './modules/plugin/plugin.entity.js';
import { DownloadDaily } from './modules/stats/download-daily.entity.js';
import { DownloadCountryDaily, DownloadSeen, Installation, TelemetryDaily } from './modules/stats/usage.entity.js';
import { ReviewFlag, Star } from './modules/review/community.entity.js';
import { Review } from './modules/review/review.entity.js';
import { IdempotencyRecord } from './modules/submission/idempotency.entity.js';
import { Submission } from './modules/submission/submission.entity.js';
import { ApiKey, User } from './modules/user/user.entity.js';
import { PluginVersion } from './modules/version/version.entity.js';

export const ENTITIES = [User, ApiKey, Plugin, PluginTag, PluginMaintainer, PluginVersion, Review, Submission, IdempotencyRecord, DownloadDaily, AuditEntry,
  Star, ReviewFlag, DownloadSeen, DownloadCountryDaily, Installation, TelemetryDaily];
