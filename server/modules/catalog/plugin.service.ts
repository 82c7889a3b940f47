import { BadInputError, NotFoundError } from '../../errors.js';
import { pageWindow, type PageArgs, type Window } from '../../pagination.js';
import { PluginSort, type FacetCount, type PluginQuery, type SearchIndex } from '../../search/search.js';
import type { Em } from '../../orm.js';
import type { User } from '../accounts/user.entity.js';
import type { PluginRows, StoredEntry } from './plugin-rows.js';
import { Plugin, PluginMaintainer } from './plugin.entity.js';
import type { CapabilityName } from '../../../domain/capabilities.js';
import { PLUGIN_ID_PATTERN, type Category } from '../../../domain/plugin.js';

/** What a caller asks of the catalog, from GraphQL's `plugins` arguments or REST's query string alike. */
export interface PluginFilter extends PageArgs {
  search?: string | null;
  tags?: string[] | null;
  verified?: boolean | null;
  category?: Category | null;
  providerType?: string | null;
  capabilities?: CapabilityName[] | null;
  minQuality?: number | null;
  tested?: boolean | null;
  sort?: PluginSort | null;
}

export interface PluginPage {
  plugins: Plugin[];
  total: number;
  window: Window;
  /** The search with its misspelt words corrected, when some matched nothing as typed. */
  didYouMean?: string;
}

/** A page of the catalog as stored entries; a plugin without a stored fragment comes as the plugin itself. */
export interface EntryPage extends Omit<PluginPage, 'plugins'> {
  entries: ({ stored: StoredEntry } | { plugin: Plugin })[];
}

const MAX_SEARCH_LENGTH = 200;
const MAX_TAG_FILTERS = 10;

/** Reading the catalog: one implementation under GraphQL and REST. */
export class PluginService {
  constructor(
    private readonly index: SearchIndex,
    private readonly rows: PluginRows,
  ) {}

  /** Validates the arguments a caller gave and turns them into a search query. */
  query(args: PluginFilter): PluginQuery {
    const window = pageWindow(args);
    const search = args.search?.trim() || undefined;
    if (search && search.length > MAX_SEARCH_LENGTH) throw new BadInputError('search', `at most ${MAX_SEARCH_LENGTH} characters`);
    const tags = args.tags?.map((t) => t.trim().toLowerCase()).filter(Boolean);
    if (tags && tags.length > MAX_TAG_FILTERS) throw new BadInputError('tags', `at most ${MAX_TAG_FILTERS} tags`);
    if (tags?.some((t) => t.length > 64)) throw new BadInputError('tags', 'a tag is at most 64 characters');
    const minQuality = args.minQuality ?? undefined;
    if (minQuality !== undefined && !(Number.isInteger(minQuality) && minQuality >= 0 && minQuality <= 100)) throw new BadInputError('minQuality', 'must be an integer between 0 and 100');
    return {
      search,
      tags,
      verified: args.verified ?? undefined,
      category: args.category ?? undefined,
      providerType: args.providerType?.trim() || undefined,
      capabilities: args.capabilities ?? undefined,
      minQuality,
      tested: args.tested ?? undefined,
      sort: args.sort ?? (search ? PluginSort.RELEVANCE : PluginSort.DOWNLOADS),
      ...window,
    };
  }

  /** A page of the catalog, read for showing (plain objects, not entities). */
  async list(query: PluginQuery): Promise<PluginPage> {
    const page = await this.index.find(query);
    const window = { offset: query.offset, limit: query.limit };
    const { total, didYouMean } = page;
    if (page.ids.length === 0) return { plugins: [], total, window, didYouMean };
    const rows = await this.rows.byIds(page.ids);
    const byId = new Map(rows.map((p) => [p.id, p]));
    return { plugins: page.ids.map((id) => byId.get(id)).filter((p): p is Plugin => p !== undefined), total, window, didYouMean };
  }

  /** A page of the catalog as its stored registry entries (REST's list, assembled from text without reading every column). */
  async entries(query: PluginQuery): Promise<EntryPage> {
    const page = await this.index.find(query);
    const window = { offset: query.offset, limit: query.limit };
    const { total, didYouMean } = page;
    if (page.ids.length === 0) return { entries: [], total, window, didYouMean };
    const byId = new Map((await this.rows.entries(page.ids)).map((e) => [e.id, e]));
    const unstored = page.ids.filter((id) => byId.get(id)?.fragment === null);
    const plugins = new Map(unstored.length > 0 ? (await this.rows.byIds(unstored)).map((p) => [p.id, p]) : []);
    const entries = page.ids.flatMap((id): EntryPage['entries'] => {
      const plugin = plugins.get(id);
      if (plugin) return [{ plugin }];
      const stored = byId.get(id);
      return stored?.fragment ? [{ stored }] : [];
    });
    return { entries, total, window, didYouMean };
  }

  /** One plugin, read for showing (a plain object, not an entity). */
  async get(id: string): Promise<Plugin> {
    // An id no plugin can have is not looked up (a NUL byte would fail the query).
    if (!PLUGIN_ID_PATTERN.test(id)) throw new NotFoundError('plugin', id);
    const [plugin] = await this.rows.byIds([id]);
    if (!plugin) throw new NotFoundError('plugin', id);
    return plugin;
  }

  /** The plugins `user` owns or maintains, by name. */
  async authoredBy(em: Em, user: User): Promise<Plugin[]> {
    const [owned, maintained] = await Promise.all([em.find(Plugin, { owner: user.id }, { fields: ['id'] }), em.find(PluginMaintainer, { user: user.id })]);
    const ids = [...new Set([...owned.map((p) => p.id), ...maintained.map((m) => m.plugin.id)])];
    const plugins = ids.length ? await this.rows.byIds(ids) : [];
    return plugins.sort((a, b) => a.name.localeCompare(b.name, 'en') || (a.id < b.id ? -1 : 1));
  }

  tagFacets(limit: number): Promise<FacetCount[]> {
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new BadInputError('first', 'must be an integer between 1 and 500');
    return this.index.tagFacets(limit);
  }

  providerTypeFacets(): Promise<FacetCount[]> {
    return this.index.providerTypeFacets();
  }

  categoryFacets(): Promise<FacetCount[]> {
    return this.index.categoryFacets();
  }
}
