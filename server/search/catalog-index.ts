import { CAPABILITY_NAMES, type CapabilityMap } from '../../domain/capabilities.js';
import { PluginSort, type FacetCount, type PluginQuery, type SearchPage } from './search.js';

/** What the index keeps of a plugin: the searchable text, the filters and the sort keys. */
export interface IndexedPlugin {
  id: string;
  name: string;
  description: string;
  author: string;
  tags: string[];
  providerType: string;
  category: string;
  verified: boolean;
  capabilities: Pick<CapabilityMap, (typeof CAPABILITY_NAMES)[number]>;
  downloads: number;
  ratingScore: number;
  ratingCount: number;
  /** Epoch milliseconds. */
  updatedAt: number;
  /** The current version's quality score; null when it has none. */
  qualityScore: number | null;
  tested: boolean;
}

const ASCII = /^[\x00-\x7f]*$/;
const NOT_ASCII_WORD = /[^a-z0-9]+/;

/** Lower case, accents folded (é → e), split on anything but letters and digits. */
export function words(text: string): string[] {
  // ASCII needs no folding of accents: most text, and much faster
  if (ASCII.test(text)) return text.toLowerCase().split(NOT_ASCII_WORD).filter(Boolean);
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** Field weights of the text score, as the bm25 weights of the former FTS5 index: id, name, tags, description, author. */
const WEIGHTS = { id: 10, name: 8, tags: 4, description: 1, author: 1 };
const K1 = 1.2;
const B = 0.75;
/** A term that only begins a word counts for less than the word itself; a corrected misspelling for less again. */
const PREFIX_FACTOR = 0.7;
const FUZZY_FACTOR = 0.5;
/** Slots of removed or re-indexed plugins left in the postings before the index asks to be rebuilt. */
const COMPACT_DEAD_FRACTION = 0.25;
/** Changed sort keys put in place one by one up to this many; more and the order is sorted again. */
const REPOSITION_MAX = 256;

/** The edit distance a word of this length may be misspelt by: none below 4 letters, 1 up to 6, then 2. */
function allowedTypos(length: number): number {
  return length < 4 ? 0 : length <= 6 ? 1 : 2;
}

/** The three rows of editDistance, reused. */
const ROWS = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/**
 * Optimal string alignment distance (Levenshtein with adjacent transpositions, so `chta` is one edit from `chat`),
 * or max + 1 as soon as it must exceed max.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = b.length;
  if (n + 1 > ROWS[0].length) ROWS.forEach((_, i) => (ROWS[i] = new Int32Array(2 * (n + 1))));
  let [prev2, prev, cur] = ROWS as [Int32Array, Int32Array, Int32Array];
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) d = Math.min(d, prev2[j - 2] + 1);
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    const oldest = prev2;
    prev2 = prev;
    prev = cur;
    cur = oldest;
  }
  return prev[n];
}

/**
 * One term's postings: slots and their weighted, length-normalised term frequencies, at `start` in arrays of their own
 * (grown by doubling) or, once settled, in the two arrays every term shares (CatalogIndex.settle).
 */
class Postings {
  slots: Int32Array = new Int32Array(4);
  weights: Float32Array = new Float32Array(4);
  start = 0;
  length = 0;
  /** True while the arrays are the shared ones, which have no room to grow into. */
  private pooled = false;

  add(slot: number, weight: number): void {
    if (this.pooled || this.length === this.slots.length) {
      const room = Math.max(4, this.length * 2);
      const slots = new Int32Array(room);
      slots.set(this.slots.subarray(this.start, this.start + this.length));
      this.slots = slots;
      const weights = new Float32Array(room);
      weights.set(this.weights.subarray(this.start, this.start + this.length));
      this.weights = weights;
      this.start = 0;
      this.pooled = false;
    }
    this.slots[this.length] = slot;
    this.weights[this.length++] = weight;
  }

  /** Moves the postings into the two shared arrays at `offset` (see CatalogIndex.settle). */
  pool(slots: Int32Array, weights: Float32Array, offset: number): void {
    slots.set(this.slots.subarray(this.start, this.start + this.length), offset);
    weights.set(this.weights.subarray(this.start, this.start + this.length), offset);
    this.slots = slots;
    this.weights = weights;
    this.start = offset;
    this.pooled = true;
  }
}

interface Expansion {
  postings: Postings;
  /** What the postings' weights are multiplied by: the idf, and the factor of a prefix or a correction. */
  scale: number;
}

type Sort = Exclude<PluginSort, PluginSort.RELEVANCE>;

const CAPABILITY_BITS = Object.fromEntries(CAPABILITY_NAMES.map((name, i) => [name, 1 << i])) as Record<(typeof CAPABILITY_NAMES)[number], number>;

/** The answer of a text query: the page, and the query with its misspelt words corrected when some were. */
export interface IndexPage extends SearchPage {
  didYouMean?: string;
}

/**
 * The catalog's search index, in memory: an inverted index of every plugin's words (id, name, tags, description,
 * author), scored by BM25 with field weights, prefix matching of every term for type-ahead, typo tolerance for
 * words that match nothing, and the filters and sort orders of the listing. Plugins are added, replaced and removed
 * one at a time; the database is the truth and the caller (CatalogSearch) keeps this in step with it.
 *
 * A plugin lives in a slot. Replacing its text gives it a new slot and leaves the old one dead in the postings
 * until a compaction rebuilds them; counts and ratings change in place.
 */
export class CatalogIndex {
  private ids: string[] = [];
  private idLower: string[] = [];
  private nameLower: string[] = [];
  /** Each slot's tags as numbers (`tagNames`), `tagCount[slot]` of them in `tagList` from `tagStart[slot]`: no array per plugin. */
  private tagStart = new Uint32Array(0);
  private tagCount = new Uint16Array(0);
  private tagList = new Uint32Array(1024);
  private tagsListed = 0;
  private tagNumbers = new Map<string, number>();
  private tagNames: string[] = [];
  private providerTypes: string[] = [];
  private categories: string[] = [];
  /** Two 32-bit hashes of each plugin's text: an update that leaves it alone changes the plugin in place. */
  private textHash = new Uint32Array(0);
  private textHash2 = new Uint32Array(0);
  /** One copy of each category and provider type however many plugins carry it. */
  private interned = new Map<string, string>();
  private alive = new Uint8Array(0);
  private verified = new Uint8Array(0);
  private capabilities = new Uint8Array(0);
  private downloads = new Float64Array(0);
  private ratingScore = new Float64Array(0);
  private ratingCount = new Float64Array(0);
  private updatedAt = new Float64Array(0);
  /** The quality score, -1 for none (below every score). */
  private quality = new Int8Array(0);
  private tested = new Uint8Array(0);
  /** Words of each plugin's text (BM25's document length). */
  private docLength = new Float32Array(0);
  /** What popularity, rating and the verified badge multiply a plugin's text score by. */
  private lift = new Float64Array(0);
  private slotOf = new Map<string, number>();
  private dead = 0;

  /** Slots by their name as the exact-name rule compares it: most names are one plugin's, kept as the slot itself. */
  private byName = new Map<string, number | number[]>();
  private postings = new Map<string, Postings>();
  /**
   * Every indexed word by its first letter and length, with its letter set (see letters): the candidates of typo
   * correction, which keeps the first letter (or swaps it with the second), as people seldom mistype it.
   */
  private byStart = new Map<string, { words: string[]; letters: number[] }[]>();
  /** Every indexed word, sorted, for prefix ranges; undefined after new words until the next query needs it. */
  private sortedTerms: string[] | undefined;
  private totalLength = 0;

  private tagCounts = new Map<string, number>();
  private providerTypeCounts = new Map<string, number>();
  private categoryCounts = new Map<string, number>();
  private orders = new Map<Sort, Int32Array>();
  /** Slots whose key of a sort changed since its order was built. */
  private moved = new Map<Sort, Set<number>>();

  // Per-query scratch space, reused: a slot's accumulated score, the stamp of the last term it matched, its relevance.
  private scores = new Float64Array(0);
  private marks = new Uint32Array(0);
  private ranks = new Float64Array(0);
  private stamp = 0;

  get size(): number {
    return this.slotOf.size;
  }

  /**
   * Replaced and removed plugins leave dead slots behind (skipped, and still counted in the idf): past a quarter of
   * the slots the owner should build a fresh index from the database.
   */
  get wantsRebuild(): boolean {
    return this.dead > COMPACT_DEAD_FRACTION * Math.max(1000, this.ids.length);
  }

  /** Adds a plugin, or replaces the one with its id. */
  put(plugin: IndexedPlugin): void {
    const slot = this.slotOf.get(plugin.id);
    const [h1, h2] = textHashes(plugin);
    if (slot !== undefined && this.textHash[slot] === h1 && this.textHash2[slot] === h2) return this.updateInPlace(slot, plugin);
    if (slot !== undefined) this.kill(slot);
    this.insert(plugin, h1, h2);
  }

  /**
   * After a bulk load, which adds nothing more for a while: moves every term's postings, without the room they grew
   * into, into two arrays shared by all terms (one allocation rather than two per term: at 100,000 plugins the
   * per-term arrays and their buffers were a third of the index's memory), and sorts the default listing (most
   * downloaded first) now rather than in the first request that asks for it. A term added to later grows into an
   * array of its own again.
   */
  settle(): void {
    let total = 0;
    for (const postings of this.postings.values()) total += postings.length;
    const slots = new Int32Array(total);
    const weights = new Float32Array(total);
    let offset = 0;
    for (const postings of this.postings.values()) {
      postings.pool(slots, weights, offset);
      offset += postings.length;
    }
    this.order(PluginSort.DOWNLOADS);
  }

  remove(id: string): void {
    const slot = this.slotOf.get(id);
    if (slot !== undefined) this.kill(slot);
  }

  find(query: PluginQuery, terms: string[] | undefined, maxResults: number): IndexPage {
    if (!terms) return this.browse(query);
    if (terms.length === 0) return { ids: [], total: 0 };
    const matched = this.match(terms);
    if (!matched) return { ids: [], total: 0 };
    const filter = this.filter(query);
    const found = filter ? matched.slots.filter(filter) : matched.slots;
    // relevance: the text score lifted by popularity, rating and the verified badge; an exact id or name comes first
    const { ranks, scores, lift } = this;
    for (const slot of found) ranks[slot] = scores[slot] * lift[slot];
    for (const slot of this.exact(query.search!.trim().toLowerCase())) ranks[slot] += 1000;
    const byRelevance = (a: number, b: number) => ranks[b] - ranks[a] || this.byId(a, b);
    const total = Math.min(found.length, maxResults);
    let page: number[];
    if (query.sort === PluginSort.RELEVANCE) {
      page = top(found, Math.min(query.offset + query.limit, total), byRelevance);
    } else {
      const kept = found.length > maxResults ? top(found, maxResults, byRelevance) : found;
      page = top(kept, Math.min(query.offset + query.limit, total), this.comparator(query.sort));
    }
    return { ids: page.slice(query.offset).map((slot) => this.ids[slot]), total, ...(matched.didYouMean ? { didYouMean: matched.didYouMean } : {}) };
  }

  tagFacets(limit: number): FacetCount[] {
    return facets(this.tagCounts).slice(0, limit);
  }

  providerTypeFacets(): FacetCount[] {
    return facets(this.providerTypeCounts);
  }

  categoryFacets(): FacetCount[] {
    return facets(this.categoryCounts);
  }

  // ---- matching ----

  /**
   * Slots having every term (as a word or the start of one), with their summed scores. A term that starts no
   * word stands for the words within its allowed typos; the corrected query is then the suggestion.
   */
  private match(terms: string[]): { slots: number[]; didYouMean?: string } | undefined {
    let corrected = false;
    const expansions = terms.map((term) => {
      const found = this.expand(term);
      if (found.length > 0) return { term, found };
      const fuzzy = this.corrections(term);
      if (fuzzy.length === 0) return { term, found };
      corrected = true;
      return { term: fuzzy[0].word, found: fuzzy.map(({ postings }) => this.scaled(postings, FUZZY_FACTOR)) };
    });
    if (expansions.some((e) => e.found.length === 0)) return undefined;
    const didYouMean = corrected ? expansions.map((e) => e.term).join(' ') : undefined;
    // the rarest term first: it bounds the candidates every later term only narrows
    const order = [...expansions].sort((a, b) => cost(a.found) - cost(b.found));
    if (this.stamp + order.length + 1 > 0xffffffff) {
      this.marks.fill(0);
      this.stamp = 0;
    }
    const base = this.stamp;
    this.stamp += order.length + 1;
    const { scores, marks, alive } = this;
    let slots: number[] = [];
    order.forEach(({ found }, i) => {
      const before = base + i;
      const now = base + i + 1;
      // the candidates so far (every one marked `before`), in slot order once a term looks them up
      if (i > 1) slots = slots.filter((slot) => marks[slot] === before);
      let candidates: Int32Array | undefined;
      const visit = (slot: number, weight: number, scale: number) => {
        const mark = marks[slot];
        if (i > 0 ? mark !== before && mark !== now : alive[slot] === 0) return;
        const score = scale * weight;
        if (mark !== now) {
          marks[slot] = now;
          if (i === 0) {
            scores[slot] = score;
            slots.push(slot);
            return;
          }
        }
        scores[slot] += score;
      };
      for (const { postings, scale } of found) {
        const { slots: ps, weights, start } = postings;
        const end = start + postings.length;
        if (i > 0 && lookupIsCheaper(slots.length, postings.length)) {
          // a word in thousands of plugins after a rare one: find each candidate in its postings (sorted by slot, as
          // slots are only ever appended) rather than walk them all
          candidates ??= Int32Array.from(slots).sort();
          let k = start;
          for (const slot of candidates) {
            k = seek(ps, end, k, slot);
            if (k === end) break;
            if (ps[k] === slot) visit(slot, weights[k], scale);
          }
          continue;
        }
        for (let k = start; k < end; k++) visit(ps[k], weights[k], scale);
      }
    });
    const done = base + order.length;
    if (order.length > 1) slots = slots.filter((slot) => marks[slot] === done);
    return { slots, didYouMean };
  }

  /** The indexed words a term begins, each with its postings. */
  private expand(term: string): Expansion[] {
    const sorted = (this.sortedTerms ??= [...this.postings.keys()].sort());
    const found: Expansion[] = [];
    for (let i = lowerBound(sorted, term); i < sorted.length && sorted[i].startsWith(term); i++) {
      found.push(this.scaled(this.postings.get(sorted[i])!, sorted[i].length === term.length ? 1 : PREFIX_FACTOR));
    }
    return found;
  }

  private scaled(postings: Postings, factor: number): Expansion {
    return { postings, scale: factor * Math.log(1 + (this.size - postings.length + 0.5) / (postings.length + 0.5)) };
  }

  /** Indexed words within the allowed typos of a term, nearest first, then the most used. */
  private corrections(term: string): { word: string; postings: Postings }[] {
    const max = allowedTypos(term.length);
    if (max === 0) return [];
    const near: { word: string; postings: Postings; distance: number }[] = [];
    const mine = letters(term);
    const swapped = term[1] + term[0];
    for (const start of new Set([term[0], term[1]])) {
      const byLength = this.byStart.get(start);
      if (!byLength) continue;
      for (let length = Math.max(1, term.length - max); length <= term.length + max; length++) {
        const bucket = byLength[length];
        if (!bucket) continue;
        for (let i = 0; i < bucket.words.length; i++) {
          // each edit adds at most one letter to either side of the difference of the two letter sets
          const theirs = bucket.letters[i];
          if (bits(mine & ~theirs) > max || bits(theirs & ~mine) > max) continue;
          const word = bucket.words[i];
          if (start !== term[0] && !word.startsWith(swapped)) continue;
          const distance = editDistance(term, word, max);
          if (distance <= max) near.push({ word, postings: this.postings.get(word)!, distance });
        }
      }
    }
    if (near.length === 0) return [];
    const best = Math.min(...near.map((n) => n.distance));
    return near.filter((n) => n.distance === best).sort((a, b) => b.postings.length - a.postings.length || (a.word < b.word ? -1 : 1));
  }

  /** The slots of a name. */
  private named(name: string): number[] {
    const named = this.byName.get(name);
    return named === undefined ? [] : typeof named === 'number' ? [named] : named;
  }

  /** Plugins whose id, id without `-plugin`, or name is the whole search. */
  private exact(search: string): number[] {
    const found = [this.slotOf.get(search), this.slotOf.get(`${search}-plugin`), ...this.named(search)];
    return [...new Set(found.filter((slot): slot is number => slot !== undefined))];
  }

  // ---- listing ----

  private browse(query: PluginQuery): SearchPage {
    const sort = query.sort === PluginSort.RELEVANCE ? PluginSort.DOWNLOADS : query.sort;
    const order = this.order(sort);
    const filter = this.filter(query);
    if (!filter) {
      const ids: string[] = [];
      for (let i = query.offset; i < order.length && ids.length < query.limit; i++) ids.push(this.ids[order[i]]);
      return { ids, total: order.length };
    }
    const ids: string[] = [];
    let total = 0;
    for (let i = 0; i < order.length; i++) {
      if (!filter(order[i])) continue;
      if (total >= query.offset && ids.length < query.limit) ids.push(this.ids[order[i]]);
      total++;
    }
    return { ids, total };
  }

  private filter(query: PluginQuery): ((slot: number) => boolean) | undefined {
    const tests: ((slot: number) => boolean)[] = [];
    if (query.verified !== undefined) {
      const want = query.verified ? 1 : 0;
      tests.push((slot) => this.verified[slot] === want);
    }
    if (query.category) tests.push((slot) => this.categories[slot] === query.category);
    if (query.providerType) tests.push((slot) => this.providerTypes[slot] === query.providerType);
    const tags = [...new Set(query.tags ?? [])];
    if (tags.length > 0) {
      const wanted = tags.map((t) => this.tagNumbers.get(t));
      tests.push(wanted.includes(undefined) ? () => false : (slot) => wanted.every((n) => this.hasTag(slot, n!)));
    }
    const mask = (query.capabilities ?? []).reduce((m, cap) => m | CAPABILITY_BITS[cap], 0);
    if (mask) tests.push((slot) => (this.capabilities[slot] & mask) === mask);
    const minQuality = query.minQuality;
    if (minQuality !== undefined) tests.push((slot) => this.quality[slot] >= 0 && this.quality[slot] >= minQuality);
    if (query.tested !== undefined) {
      const want = query.tested ? 1 : 0;
      tests.push((slot) => this.tested[slot] === want);
    }
    if (tests.length === 0) return undefined;
    return (slot) => tests.every((test) => test(slot));
  }

  private byId(a: number, b: number): number {
    return this.ids[a] < this.ids[b] ? -1 : this.ids[a] > this.ids[b] ? 1 : 0;
  }

  /** ORDER BY of each sort, as the database indexes had them: a descending key tie-broken by id. */
  private comparator(sort: Sort): (a: number, b: number) => number {
    switch (sort) {
      case PluginSort.DOWNLOADS:
        return (a, b) => this.downloads[b] - this.downloads[a] || this.byId(a, b);
      case PluginSort.RATING:
        return (a, b) => this.ratingScore[b] - this.ratingScore[a] || this.ratingCount[b] - this.ratingCount[a] || this.byId(a, b);
      case PluginSort.UPDATED:
        return (a, b) => this.updatedAt[b] - this.updatedAt[a] || this.byId(a, b);
      case PluginSort.NAME:
        return (a, b) => (this.nameLower[a] < this.nameLower[b] ? -1 : this.nameLower[a] > this.nameLower[b] ? 1 : this.byId(a, b));
      case PluginSort.QUALITY:
        return (a, b) => this.quality[b] - this.quality[a] || this.tested[b] - this.tested[a] || this.downloads[b] - this.downloads[a] || this.byId(a, b);
    }
  }

  /** Every live slot in a sort's order, kept between queries and mended after changes. */
  private order(sort: Sort): Int32Array {
    let order = this.orders.get(sort);
    const moved = this.moved.get(sort);
    const compare = this.comparator(sort);
    if (order && moved && moved.size > 0) {
      if (moved.size > REPOSITION_MAX) order = undefined;
      else {
        let list = Array.from(order).filter((slot) => !moved.has(slot));
        for (const slot of moved) {
          if (!this.alive[slot]) continue;
          list.splice(lowerBoundBy(list, slot, compare), 0, slot);
        }
        order = Int32Array.from(list);
        list = [];
      }
    }
    if (!order) {
      order = Int32Array.from(this.slotOf.values()).sort(compare);
    }
    this.orders.set(sort, order);
    this.moved.set(sort, new Set());
    return order;
  }

  private touch(slot: number, sorts: Sort[]): void {
    for (const sort of sorts) {
      if (!this.orders.has(sort)) continue;
      let set = this.moved.get(sort);
      if (!set) this.moved.set(sort, (set = new Set()));
      set.add(slot);
    }
  }

  // ---- storage ----

  private insert(p: IndexedPlugin, h1: number, h2: number): void {
    const slot = this.ids.length;
    this.grow(slot + 1);
    this.ids.push(p.id);
    const idLower = p.id.toLowerCase();
    this.idLower.push(idLower === p.id ? p.id : idLower);
    this.nameLower.push(asciiLower(p.name));
    const named = this.byName.get(this.nameLower[slot]);
    if (named === undefined) this.byName.set(this.nameLower[slot], slot);
    else if (typeof named === 'number') this.byName.set(this.nameLower[slot], [named, slot]);
    else named.push(slot);
    this.listTags(slot, p.tags);
    this.providerTypes.push(this.providerType(p, p.id));
    this.categories.push(this.intern(p.category));
    this.textHash[slot] = h1;
    this.textHash2[slot] = h2;
    this.alive[slot] = 1;
    this.setNumbers(slot, p);
    this.slotOf.set(p.id, slot);
    count(this.tagCounts, new Set(p.tags), 1);
    count(this.providerTypeCounts, [p.providerType], 1);
    count(this.categoryCounts, [p.category], 1);

    const weights = new Map<string, number>();
    let length = 0;
    const add = (text: string, weight: number) => {
      for (const w of words(text)) {
        weights.set(w, (weights.get(w) ?? 0) + weight);
        length++;
      }
    };
    add(p.id, WEIGHTS.id);
    add(p.name, WEIGHTS.name);
    for (const tag of p.tags) add(tag, WEIGHTS.tags);
    add(p.description, WEIGHTS.description);
    add(p.author, WEIGHTS.author);
    this.docLength[slot] = length;
    this.totalLength += length;
    // BM25's saturation and length normalisation, against the average length when the plugin comes in (a
    // compaction renormalises every plugin)
    const norm = K1 * (1 - B + (B * length) / (this.totalLength / (this.slotOf.size || 1)));
    for (const [word, tf] of weights) {
      const weight = (tf * (K1 + 1)) / (tf + norm);
      let postings = this.postings.get(word);
      if (!postings) {
        this.postings.set(word, (postings = new Postings()));
        this.sortedTerms = undefined;
        const byLength = this.byStart.get(word[0]) ?? this.byStart.set(word[0], []).get(word[0])!;
        const bucket = (byLength[word.length] ??= { words: [], letters: [] });
        bucket.words.push(word);
        bucket.letters.push(letters(word));
      }
      postings.add(slot, weight);
    }
    this.touch(slot, [PluginSort.DOWNLOADS, PluginSort.RATING, PluginSort.UPDATED, PluginSort.NAME, PluginSort.QUALITY]);
  }

  private updateInPlace(slot: number, p: IndexedPlugin): void {
    const sorts: Sort[] = [];
    if (this.downloads[slot] !== p.downloads) sorts.push(PluginSort.DOWNLOADS);
    if (this.ratingScore[slot] !== p.ratingScore || this.ratingCount[slot] !== p.ratingCount) sorts.push(PluginSort.RATING);
    if (this.updatedAt[slot] !== p.updatedAt) sorts.push(PluginSort.UPDATED);
    // the quality order breaks ties by downloads
    if (this.quality[slot] !== (p.qualityScore ?? -1) || this.tested[slot] !== (p.tested ? 1 : 0) || this.downloads[slot] !== p.downloads) sorts.push(PluginSort.QUALITY);
    if (this.providerTypes[slot] !== p.providerType) {
      count(this.providerTypeCounts, [this.providerTypes[slot]], -1);
      count(this.providerTypeCounts, [p.providerType], 1);
      this.providerTypes[slot] = this.providerType(p, this.ids[slot]);
    }
    if (this.categories[slot] !== p.category) {
      count(this.categoryCounts, [this.categories[slot]], -1);
      count(this.categoryCounts, [p.category], 1);
      this.categories[slot] = this.intern(p.category);
    }
    this.setNumbers(slot, p);
    this.touch(slot, sorts);
  }

  private setNumbers(slot: number, p: IndexedPlugin): void {
    this.lift[slot] = 1 + 0.05 * Math.log10(1 + p.downloads) + (0.1 * (p.ratingScore - 3.5)) / 1.5 + (p.verified ? 0.1 : 0);
    this.verified[slot] = p.verified ? 1 : 0;
    this.capabilities[slot] = CAPABILITY_NAMES.reduce((m, cap) => (p.capabilities[cap] ? m | CAPABILITY_BITS[cap] : m), 0);
    this.downloads[slot] = p.downloads;
    this.ratingScore[slot] = p.ratingScore;
    this.ratingCount[slot] = p.ratingCount;
    this.updatedAt[slot] = p.updatedAt;
    this.quality[slot] = p.qualityScore ?? -1;
    this.tested[slot] = p.tested ? 1 : 0;
  }

  private kill(slot: number): void {
    const id = this.ids[slot];
    this.slotOf.delete(id);
    this.alive[slot] = 0;
    this.dead++;
    const named = this.named(this.nameLower[slot]).filter((s) => s !== slot);
    if (named.length > 0) this.byName.set(this.nameLower[slot], named.length === 1 ? named[0] : named);
    else this.byName.delete(this.nameLower[slot]);
    this.totalLength -= this.docLength[slot];
    count(this.tagCounts, new Set(this.tagsOf(slot)), -1);
    count(this.providerTypeCounts, [this.providerTypes[slot]], -1);
    count(this.categoryCounts, [this.categories[slot]], -1);
    this.touch(slot, [PluginSort.DOWNLOADS, PluginSort.RATING, PluginSort.UPDATED, PluginSort.NAME, PluginSort.QUALITY]);
  }

  private listTags(slot: number, tags: string[]): void {
    if (this.tagsListed + tags.length > this.tagList.length) {
      const list = new Uint32Array(Math.max(this.tagList.length * 2, this.tagsListed + tags.length));
      list.set(this.tagList.subarray(0, this.tagsListed));
      this.tagList = list;
    }
    this.tagStart[slot] = this.tagsListed;
    this.tagCount[slot] = tags.length;
    for (const tag of tags) {
      let n = this.tagNumbers.get(tag);
      if (n === undefined) {
        n = this.tagNames.push(tag) - 1;
        this.tagNumbers.set(tag, n);
      }
      this.tagList[this.tagsListed++] = n;
    }
  }

  private hasTag(slot: number, tag: number): boolean {
    const end = this.tagStart[slot] + this.tagCount[slot];
    for (let i = this.tagStart[slot]; i < end; i++) if (this.tagList[i] === tag) return true;
    return false;
  }

  private tagsOf(slot: number): string[] {
    const start = this.tagStart[slot];
    return Array.from(this.tagList.subarray(start, start + this.tagCount[slot]), (n) => this.tagNames[n]);
  }

  /** A plugin's provider type is most often its id: then the kept id's string, not one more copy in `interned`. */
  private providerType(p: IndexedPlugin, id: string): string {
    return p.providerType === id ? id : this.intern(p.providerType);
  }

  private intern(value: string): string {
    const known = this.interned.get(value);
    if (known !== undefined) return known;
    this.interned.set(value, value);
    return value;
  }

  private grow(needed: number): void {
    if (needed <= this.alive.length) return;
    const size = Math.max(1024, this.alive.length * 2, needed);
    const grown = <T extends Int8Array | Uint8Array | Uint16Array | Uint32Array | Float64Array | Float32Array>(old: T, make: (n: number) => T): T => {
      const next = make(size);
      next.set(old);
      return next;
    };
    this.alive = grown(this.alive, (n) => new Uint8Array(n));
    this.textHash = grown(this.textHash, (n) => new Uint32Array(n));
    this.textHash2 = grown(this.textHash2, (n) => new Uint32Array(n));
    this.tagStart = grown(this.tagStart, (n) => new Uint32Array(n));
    this.tagCount = grown(this.tagCount, (n) => new Uint16Array(n));
    this.verified = grown(this.verified, (n) => new Uint8Array(n));
    this.capabilities = grown(this.capabilities, (n) => new Uint8Array(n));
    this.downloads = grown(this.downloads, (n) => new Float64Array(n));
    this.ratingScore = grown(this.ratingScore, (n) => new Float64Array(n));
    this.ratingCount = grown(this.ratingCount, (n) => new Float64Array(n));
    this.updatedAt = grown(this.updatedAt, (n) => new Float64Array(n));
    this.quality = grown(this.quality, (n) => new Int8Array(n));
    this.tested = grown(this.tested, (n) => new Uint8Array(n));
    this.docLength = grown(this.docLength, (n) => new Float32Array(n));
    this.lift = grown(this.lift, (n) => new Float64Array(n));
    this.ranks = grown(this.ranks, (n) => new Float64Array(n));
    this.scores = grown(this.scores, (n) => new Float64Array(n));
    this.marks = grown(this.marks, (n) => new Uint32Array(n));
  }
}

/** FNV-1a of the searchable text, twice with different offsets: 64 bits, so a changed text goes unnoticed about never. */
function textHashes(p: IndexedPlugin): [number, number] {
  const text = `${p.name}\0${p.description}\0${p.author}\0${p.tags.join('\0')}`;
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 16777619);
    b = Math.imul(b ^ c, 2246822519);
  }
  return [a >>> 0, b >>> 0];
}

/** Folds ASCII letters only, as SQLite's `nocase` collation does. */
function asciiLower(text: string): string {
  return text.replace(/[A-Z]+/g, (s) => s.toLowerCase());
}

/** The set of letters (a–z) and digits (folded onto 6 bits) of a word, as a bit mask. */
function letters(word: string): number {
  let mask = 0;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c >= 97 && c <= 122) mask |= 1 << (c - 97);
    else if (c >= 48 && c <= 57) mask |= 1 << (26 + ((c - 48) % 6));
  }
  return mask;
}

function bits(mask: number): number {
  let n = mask - ((mask >>> 1) & 0x55555555);
  n = (n & 0x33333333) + ((n >>> 2) & 0x33333333);
  return (((n + (n >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Whether finding `candidates` slots one by one in `postings` sorted slots costs less than walking them all. */
function lookupIsCheaper(candidates: number, postings: number): boolean {
  return candidates * (2 + 2 * Math.log2(1 + postings / (candidates + 1))) < postings;
}

/** The first index at or after `from` whose slot is not below `slot` (`end` if none), in `slots` up to `end`: a galloping search. */
function seek(slots: Int32Array, end: number, from: number, slot: number): number {
  if (from >= end || slots[from] >= slot) return from;
  let step = 1;
  let lo = from;
  let hi = from + 1;
  while (hi < end && slots[hi] < slot) {
    lo = hi;
    step *= 2;
    hi = from + step;
  }
  if (hi > end) hi = end;
  // slots[lo] < slot; slots[hi] >= slot or hi === end
  while (lo + 1 < hi) {
    const mid = (lo + hi) >> 1;
    if (slots[mid] < slot) lo = mid;
    else hi = mid;
  }
  return hi;
}

function cost(found: Expansion[]): number {
  return found.reduce((n, e) => n + e.postings.length, 0);
}

function count(counts: Map<string, number>, values: Iterable<string>, delta: number): void {
  for (const value of values) {
    const n = (counts.get(value) ?? 0) + delta;
    if (n > 0) counts.set(value, n);
    else counts.delete(value);
  }
}

function facets(counts: Map<string, number>): FacetCount[] {
  return [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}

function lowerBound(sorted: string[], value: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function lowerBoundBy(list: number[], slot: number, compare: (a: number, b: number) => number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compare(list[mid], slot) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first `n` of `items` in the order of `compare`: a bounded heap whose root is the worst kept. */
function top(items: number[], n: number, compare: (a: number, b: number) => number): number[] {
  if (n <= 0) return [];
  if (n * 8 >= items.length) return [...items].sort(compare).slice(0, n);
  const heap: number[] = [];
  const worse = (i: number, j: number) => compare(heap[i], heap[j]) > 0;
  const swap = (i: number, j: number) => ([heap[i], heap[j]] = [heap[j], heap[i]]);
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && worse(l, m)) m = l;
      if (r < heap.length && worse(r, m)) m = r;
      if (m === i) return;
      swap(i, m);
      i = m;
    }
  };
  for (const item of items) {
    if (heap.length < n) {
      heap.push(item);
      for (let i = heap.length - 1; i > 0 && worse(i, (i - 1) >> 1); i = (i - 1) >> 1) swap(i, (i - 1) >> 1);
    } else if (compare(item, heap[0]) < 0) {
      heap[0] = item;
      down(0);
    }
  }
  return heap.sort(compare);
}
