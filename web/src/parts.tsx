import { compact, plural } from './format.js';

/** The last 30 days of downloads as a line; the numbers are in its accessible label. */
export function Sparkline({ counts, label }: { counts: number[]; label: string }) {
  const width = 120;
  const height = 28;
  const max = Math.max(1, ...counts);
  const step = counts.length > 1 ? width / (counts.length - 1) : width;
  const points = counts.map((c, i) => `${(i * step).toFixed(1)},${(height - 2 - (c / max) * (height - 4)).toFixed(1)}`).join(' ');
  const total = counts.reduce((a, b) => a + b, 0);
  return (
    <svg className="sparkline" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`${label}: ${plural(total, 'download')} in the last 30 days`}>
      <polyline points={points} fill="none" stroke="currentColor" strokeWidth="1.5" />
    </svg>
  );
}

/** A rating as five stars and its number, with how many ratings it averages when given; "no ratings" rather than five empty stars. */
export function Rating({ rating, count }: { rating: number; count?: number }) {
  if (count === 0) return <span className="rating muted">no ratings</span>;
  if (count === undefined) {
    return (
      <span className="rating" title={`${rating} out of 5`}>
        <span aria-hidden="true">{'★'.repeat(rating) + '☆'.repeat(5 - rating)}</span> {rating}/5
      </span>
    );
  }
  const full = Math.round(rating * 2) / 2;
  const stars = '★'.repeat(Math.floor(full)) + (full % 1 ? '½' : '') + '☆'.repeat(5 - Math.ceil(full));
  return (
    <span className="rating" title={`${rating.toFixed(2)} out of 5 from ${plural(count, 'rating')}`}>
      <span aria-hidden="true">{stars}</span> {rating.toFixed(1)} <span className="muted">({compact(count)})</span>
    </span>
  );
}

export function Badges({ verified, category, deprecated }: { verified: boolean; category: string; deprecated?: boolean }) {
  return (
    <span className="badges">
      {verified && <span className="badge badge-verified">✓ verified</span>}
      {category !== 'COMMUNITY' && category !== 'VERIFIED' && <span className="badge">{category.toLowerCase()}</span>}
      {deprecated && <span className="badge badge-warn">deprecated</span>}
    </span>
  );
}

/** The staff pages and the policy action each needs: linked only for a viewer whose role and session allow it (`me.may`). */
const STAFF_LINKS: [action: string, href: string, label: string][] = [
  ['submission.review', '/review', 'Review'],
  ['moderation.read', '/moderation', 'Moderation'],
  ['plugin.curate', '/admin/plugins', 'Curation'],
  ['audit.read', '/admin/audit', 'Audit log'],
];

/**
 * `may`: the signed-in viewer's allowed actions; `signedIn`: the page is a signed-in user's. Only pages that know the
 * viewer pass them, never the shared, cached ones (the same for everyone).
 */
export function Layout({ children, query = '', may = [], signedIn = false }: { children: React.ReactNode; query?: string; may?: string[]; signedIn?: boolean }) {
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <a className="brand" href="/">
          Loom Plugin Registry
        </a>
        <form className="header-search" method="get" action="/" role="search">
          <label className="visually-hidden" htmlFor="header-q">
            Search plugins
          </label>
          <input id="header-q" name="q" type="search" defaultValue={query} placeholder="Search plugins" />
        </form>
        <nav aria-label="Site">
          <a href="/api/v1/openapi.json">API</a>
          <a href="/registry.json">registry.json</a>
          {signedIn && <a href="/submit">Submit a plugin</a>}
          <a href="/dashboard">Dashboard</a>
          {STAFF_LINKS.filter(([action]) => may.includes(action)).map(([, href, label]) => (
            <a key={href} href={href}>
              {label}
            </a>
          ))}
          <a href="/settings">Account</a>
        </nav>
      </header>
      <main id="main">{children}</main>
      <footer className="site-footer">
        Loom Plugin Registry · <a href="/graphql">GraphQL</a> · <a href="/api/v1/plugins">REST</a>
      </footer>
    </>
  );
}
