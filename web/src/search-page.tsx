import { useEffect, useRef, useState } from 'react';
import type { SearchPageQuery } from '../gql/graphql.js';
import { compact, plural, titleCase } from './format.js';
import { AdvisoryMark } from './advisories.js';
import { Badges, Layout, Rating, Sparkline } from './parts.js';
import { CAPABILITIES, CATEGORIES, SORTS, searchQuery, type SearchState } from './search-params.js';

export interface SearchPageProps {
  state: SearchState;
  data: SearchPageQuery;
  /** In the browser: fetches another state's results (absent when rendered on the server). */
  load?: (state: SearchState) => Promise<SearchPageQuery>;
}

/** How long typing pauses before the results follow. */
const TYPING_PAUSE_MS = 150;

export function SearchPage(props: SearchPageProps) {
  const [state, setState] = useState(props.state);
  const [data, setData] = useState(props.data);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const latest = useRef(0);

  // Results follow the state (after a pause while typing); the URL follows too, so a result page can be shared.
  useEffect(() => {
    if (!props.load || state === props.state) return;
    const ticket = ++latest.current;
    const timer = setTimeout(async () => {
      window.history.replaceState(null, '', `/${searchQuery(state)}`);
      setLoading(true);
      try {
        const next = await props.load!(state);
        if (ticket !== latest.current) return;
        setData(next);
        setError(null);
      } catch (err) {
        if (ticket === latest.current) setError(err instanceof Error ? err.message : String(err));
      } finally {
        if (ticket === latest.current) setLoading(false);
      }
    }, TYPING_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [state]);

  const change = (patch: Partial<SearchState>) => setState((s) => ({ ...s, after: '', ...patch }));
  const toggle = <T,>(list: T[], value: T) => (list.includes(value) ? list.filter((v) => v !== value) : [...list, value]);
  const { plugins, providerTypes, categories, tags } = data;
  const inCategory = new Map(categories.map((c) => [c.value, c.count]));

  return (
    <Layout query={state.q}>
      <form className="search" method="get" action="/" onSubmit={(e) => props.load && e.preventDefault()}>
        <div className="search-box">
          <label htmlFor="q">Search the catalog</label>
          <div className="search-row">
            <input id="q" name="q" type="search" value={state.q} onChange={(e) => change({ q: e.target.value })} placeholder="openai, embeddings, local llm…" autoComplete="off" />
            <button type="submit">Search</button>
          </div>
        </div>
        <div className="filters">
          <label>
            Sort{' '}
            <select name="sort" value={state.sort} onChange={(e) => change({ sort: e.target.value as SearchState['sort'] })}>
              {SORTS.map((s) => (
                <option key={s.value} value={s.value}>
                  {s.label}
                </option>
              ))}
            </select>
          </label>
          <label>
            Category{' '}
            <select name="category" value={state.category} onChange={(e) => change({ category: e.target.value as SearchState['category'] })}>
              <option value="">Any</option>
              {CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {titleCase(c)} ({inCategory.get(c) ?? 0})
                </option>
              ))}
            </select>
          </label>
          <label>
            Provider type{' '}
            <select name="type" value={state.providerType} onChange={(e) => change({ providerType: e.target.value })}>
              <option value="">Any</option>
              {providerTypes.map((p) => (
                <option key={p.value} value={p.value}>
                  {p.value} ({p.count})
                </option>
              ))}
            </select>
          </label>
          <label className="check">
            <input type="checkbox" name="verified" value="1" checked={state.verified} onChange={(e) => change({ verified: e.target.checked })} /> Verified only
          </label>
          <label className="check">
            <input type="checkbox" name="tested" value="1" checked={state.tested} onChange={(e) => change({ tested: e.target.checked })} /> Tested only
          </label>
          <fieldset className="capabilities">
            <legend>Capabilities</legend>
            {CAPABILITIES.map((c) => (
              <label key={c.value} className="check">
                <input type="checkbox" name="cap" value={c.value} checked={state.capabilities.includes(c.value)} onChange={() => change({ capabilities: toggle(state.capabilities, c.value) })} /> {c.label}
              </label>
            ))}
          </fieldset>
          {tags.length > 0 && (
            <nav className="tag-facets" aria-label="Popular tags">
              <span className="muted">Popular tags:</span>{' '}
              {tags
                .filter((t) => !state.tags.includes(t.value))
                .map((t) => (
                  <a key={t.value} className="tag" href={`/${searchQuery({ ...state, tags: [...state.tags, t.value], after: '' })}`} onClick={(e) => {
                    if (!props.load) return;
                    e.preventDefault();
                    change({ tags: [...state.tags, t.value] });
                  }}>
                    {t.value} <span className="count">({t.count})</span>
                  </a>
                ))}
            </nav>
          )}
          {state.tags.map((t) => (
            <span key={t} className="tag-filter">
              <input type="hidden" name="tag" value={t} />
              tag: {t}{' '}
              <button type="button" aria-label={`Remove the tag filter ${t}`} onClick={() => change({ tags: state.tags.filter((x) => x !== t) })}>
                ×
              </button>
            </span>
          ))}
        </div>
      </form>

      <p className="summary" role="status" aria-live="polite">
        {error ? <span className="error">Could not load the results: {error}</span> : <>{plural(plugins.totalCount, 'plugin')}{state.q.trim() ? ` for “${state.q.trim()}”` : ''}{loading ? ' · updating…' : ''}</>}
      </p>
      {plugins.didYouMean && (
        <p className="did-you-mean">
          Showing results for <a href={`/${searchQuery({ ...state, q: plugins.didYouMean, after: '' })}`}>{plugins.didYouMean}</a>
        </p>
      )}

      <ol className="results">
        {plugins.nodes.map((p) => (
          <li key={p.id} className="result">
            <div className="result-main">
              <h2>
                <a href={`/plugins/${p.id}`}>{p.name}</a> <span className="version">{p.version}</span> <Badges verified={p.verified} category={p.category} deprecated={p.deprecated !== null} /> <AdvisoryMark plugin={p} />
              </h2>
              <p className="id">
                <code>{p.id}</code> · {p.providerType} · by {p.author || 'unknown'}
                {p.qualityScore !== null && <> · quality {p.qualityScore}%{p.tested ? ', tested' : ''}</>}
              </p>
              <p className="description">{p.description}</p>
              <p className="tags">
                {p.tags.map((t) => (
                  <a key={t} className="tag" href={`/${searchQuery({ ...state, tags: state.tags.includes(t) ? state.tags : [...state.tags, t], after: '' })}`}>
                    {t}
                  </a>
                ))}
              </p>
            </div>
            <div className="result-stats">
              <Rating rating={p.stats.rating} count={p.stats.ratingCount} />
              <span title={`${p.stats.downloads.toLocaleString('en-US')} downloads`}>↓ {compact(p.stats.downloads)}</span>
              <Sparkline counts={p.stats.daily.map((d) => d.count)} label={`${p.name} downloads`} />
            </div>
          </li>
        ))}
      </ol>
      {plugins.nodes.length === 0 && <p className="empty">No plugin matches. Try fewer words or filters.</p>}

      {plugins.pageInfo.hasNextPage && plugins.pageInfo.endCursor && (
        <nav className="pager" aria-label="Pages">
          {state.after && <a href={`/${searchQuery({ ...state, after: '' })}`}>First page</a>}
          <a rel="next" href={`/${searchQuery({ ...state, after: plugins.pageInfo.endCursor })}`}>
            Next page
          </a>
        </nav>
      )}
    </Layout>
  );
}
