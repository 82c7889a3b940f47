import type { Orm, Em } from './orm.js';
import type { CatalogService } from './modules/catalog/catalog.service.js';
import type { PluginService } from './modules/plugin/plugin.service.js';
import { createReviewLoaders } from './modules/review/review.loaders.js';
import { createStatsLoaders } from './modules/stats/stats.loaders.js';
import { createUserLoaders } from './modules/user/user.loaders.js';
import { createVersionLoaders } from './modules/version/version.loaders.js';

/** The stateless services, built once per app and shared by GraphQL and REST. */
export interface Services {
  plugins: PluginService;
  catalog: CatalogService;
}

function createLoaders(em: Em) {
  return {
    versions: createVersionLoaders(em),
    reviews: createReviewLoaders(em),
    stats: createStatsLoaders(em),
    users: createUserLoaders(em),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

/** Per request: a forked EntityManager (its own identity map) and fresh DataLoaders over it. */
export interface Context {
  em: Em;
  loaders: Loaders;
  services: Services;
}

export function createContext(orm: Orm, services: Services): Context {
  const em = orm.em.fork() as Em;
  return { em, loaders: createLoaders(em), services };
}
