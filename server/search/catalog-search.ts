import type { Logger } from 'pino';
import { CatalogIndex, words, type IndexPage } from './catalog-index.js';
import type { ChangeFeed } from './change-feed.js';
import { searchTerms, type FacetCount, type PluginQuery, type SearchIndex } from './search.js';

/** Plugins indexed between two turns of the event loop while a whole index is built. */
const BUILD_SLICE = 2000;

export interface CatalogSearchOptions {
  maxResults: number;
  /** How often the index reads the change log when the data version has not moved (counts move it on their own clock). */
  refreshMs: number;
}

/**
 * The search index of every database: a CatalogIndex in this process, kept in step with the database through the
 * plugin change log. Before answering, a query makes sure the index has applied every change up to the data version
 * it sees, so a write is searchable in the answer of the very next request, from any process; between writes a
 * timer reads the log too, for changes that do not move the data version. SQLite and PostgreSQL answer alike.
 */
export class CatalogSearch implements SearchIndex {
  private index = new CatalogIndex();
  /** The data version the index has applied every change up to. */
  private applied = -1;
  private pulling: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private prunedAt = 0;

  private constructor(
    private readonly feed: ChangeFeed,
    private readonly version: () => Promise<number>,
    private readonly options: CatalogSearchOptions,
    private readonly log: Logger,
  ) {}

  static async open(feed: ChangeFeed, version: () => Promise<number>, options: CatalogSearchOptions, log: Logger): Promise<CatalogSearch> {
    const search = new CatalogSearch(feed, version, options, log);
    await search.pull();
    search.timer = setInterval(() => void search.refresh(), options.refreshMs);
    search.timer.unref();
    return search;
  }

  async find(query: PluginQuery): Promise<IndexPage> {
    await this.upToDate();
    const terms = query.search === undefined ? undefined : searchTerms(query.search).flatMap(words);
    return this.index.find(query, terms, this.options.maxResults);
  }

  async tagFacets(limit: number): Promise<FacetCount[]> {
    await this.upToDate();
    return this.index.tagFacets(limit);
  }

  async providerTypeFacets(): Promise<FacetCount[]> {
    await this.upToDate();
    return this.index.providerTypeFacets();
  }

  async categoryFacets(): Promise<FacetCount[]> {
    await this.upToDate();
    return this.index.categoryFacets();
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.pulling?.catch(() => {});
  }

  /** Waits until the index has applied every change the data version this request sees stands for. */
  private async upToDate(): Promise<void> {
    const version = await this.version();
    while (this.applied < version) await this.pull();
  }

  /** One read of the change log at a time; callers arriving meanwhile share it. */
  private pull(): Promise<void> {
    this.pulling ??= this.apply().finally(() => (this.pulling = undefined));
    return this.pulling;
  }

  private async apply(): Promise<void> {
    // the version first: whatever it stands for was committed before the log is read
    const version = await this.version();
    const changes = await this.feed.read(this.index.wantsRebuild);
    if (changes.all) {
      // built in slices, so a large catalog does not hold up the requests the old index answers meanwhile
      const fresh = new CatalogIndex();
      let i = 0;
      for await (const row of changes.rows) {
        fresh.put(row);
        if (++i % BUILD_SLICE === 0) await new Promise(setImmediate);
      }
      fresh.settle();
      this.index = fresh;
    } else {
      for await (const row of changes.rows) this.index.put(row);
      for (const id of changes.removed) this.index.remove(id);
    }
    if (version > this.applied) this.applied = version;
  }

  private async refresh(): Promise<void> {
    try {
      await this.pull();
      const now = Date.now();
      if (now - this.prunedAt > 60_000) {
        this.prunedAt = now;
        await this.feed.prune();
      }
    } catch (err) {
      this.log.warn({ err }, 'search index: reading the plugin change log failed; retrying at the next refresh');
    }
  }
}
