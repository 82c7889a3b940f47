import type { FastifyRequest } from 'fastify';
import type { PublicLinks } from './links.js';
import type { Orm, Em } from './orm.js';
import type { CatalogService } from './modules/catalog/catalog.service.js';
import type { PluginService } from './modules/catalog/plugin.service.js';
import type { PublishingService } from './modules/publishing/publishing.service.js';
import { createReviewLoaders } from './modules/community/review.loaders.js';
import { createStatsLoaders } from './modules/stats/stats.loaders.js';
import type { SubmissionService } from './modules/publishing/submission.service.js';
import { ANONYMOUS, type Viewer } from './modules/accounts/auth.js';
import { createUserLoaders } from './modules/accounts/user.loaders.js';
import type { UserService } from './modules/accounts/user.service.js';
import type { DeviceService } from './modules/accounts/device.service.js';
import type { AuditService } from './modules/audit/audit.service.js';
import type { AdvisoryService } from './modules/trust/advisory.service.js';
import type { ReportService } from './modules/trust/report.service.js';
import type { ReviewService } from './modules/community/review.service.js';
import type { ClientInfo, StatsService } from './modules/stats/stats.service.js';
import { createVersionLoaders } from './modules/publishing/version.loaders.js';
import { createPluginLoaders } from './modules/catalog/plugin.loaders.js';
import { createAdvisoryLoaders } from './modules/trust/advisory.loaders.js';

/** The stateless services, built once per app and shared by GraphQL and REST. */
export interface Services {
  plugins: PluginService;
  catalog: CatalogService;
  users: UserService;
  /** Device logins (RFC 8628): `loom plugin login` without a pasted key. */
  devices: DeviceService;
  submissions: SubmissionService;
  publishing: PublishingService;
  audit: AuditService;
  reviews: ReviewService;
  stats: StatsService;
  advisories: AdvisoryService;
  reports: ReportService;
  /** Absolute URLs of the registry's own resources (manifest snapshots). */
  links: PublicLinks;
  /** Who the request comes from, for download de-duplication and country counts (hashed, never raw). */
  clientOf(request: Pick<FastifyRequest, 'headers' | 'ip'>): ClientInfo;
}

function createLoaders(em: Em) {
  return {
    plugins: createPluginLoaders(em),
    versions: createVersionLoaders(em),
    reviews: createReviewLoaders(em),
    stats: createStatsLoaders(em),
    users: createUserLoaders(em),
    advisories: createAdvisoryLoaders(em),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

/** Per request: a forked EntityManager (its own identity map), fresh DataLoaders over it, and the caller. */
export interface Context {
  em: Em;
  loaders: Loaders;
  services: Services;
  viewer: Viewer;
  client: ClientInfo;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller, once the request's context is built (for the rate-limit headers of its answer). */
    viewer: Viewer | null;
  }
}

/** How routes get the context of their request. */
export type ContextFor = (request: FastifyRequest) => Promise<Context>;

/** What a context makes only when first read, shared by the copies of it that Apollo makes (one per operation). */
interface Parts {
  fork(): Em;
  loaders(): Loaders;
  client(): ClientInfo;
}

function parts(orm: Orm, client: () => ClientInfo): Parts {
  let em: Em | undefined;
  let loaders: Loaders | undefined;
  let info: ClientInfo | undefined;
  const fork = () => (em ??= orm.em.fork() as Em);
  return { fork, loaders: () => (loaders ??= createLoaders(fork())), client: () => (info ??= client()) };
}

/**
 * A request's context. The EntityManager, its loaders and the client's hashed identity are made when first read (a
 * page served from kept rows needs none of them), by getters on the prototype: Apollo copies a context's own
 * properties for each operation, which would otherwise read them all.
 */
class RequestContext implements Context {
  constructor(
    private readonly parts: Parts,
    readonly services: Services,
    public viewer: Viewer,
  ) {}

  get em(): Em {
    return this.parts.fork();
  }

  get loaders(): Loaders {
    return this.parts.loaders();
  }

  get client(): ClientInfo {
    return this.parts.client();
  }
}

/** Builds the context of one HTTP request; a bad API key throws UNAUTHENTICATED. */
export async function createContext(orm: Orm, services: Services, request: Pick<FastifyRequest, 'headers' | 'ip'>): Promise<Context> {
  const lazy = parts(orm, () => services.clientOf(request));
  const viewer = await services.users.authenticate(lazy.fork, request.headers.authorization, request.ip);
  return new RequestContext(lazy, services, viewer);
}

/** The context of a public read whose answer is shared by every caller (cached REST responses): nobody signed in. */
export function publicContext(orm: Orm, services: Services): Context {
  return new RequestContext(parts(orm, () => ({ client: '', country: 'unknown' })), services, ANONYMOUS(''));
}

/** The context with more fields, assigned onto it: a spread would copy only its own properties, losing `em`, `loaders` and `client`. */
export function extendContext<C extends Context, E extends object>(context: C, extra: E): C & E {
  return Object.assign(context, extra);
}
