import type { PluginAdvisoriesFragment, ResultAdvisoriesFragment } from '../gql/graphql.js';
import { day } from './format.js';

type Advisory = PluginAdvisoriesFragment['advisories'][number];

/** The current version's advisories, most severe first. */
function affecting(plugin: PluginAdvisoriesFragment): Advisory[] {
  const ids = new Set(plugin.latestVersion?.advisories.map((a) => a.id) ?? []);
  const order = ['CRITICAL', 'HIGH', 'MODERATE', 'LOW'];
  return plugin.advisories.filter((a) => ids.has(a.id)).sort((a, b) => order.indexOf(a.severity) - order.indexOf(b.severity));
}

/** A warning at the top of the plugin page when the version it offers is under an advisory. */
export function AdvisoryBanner({ plugin }: { plugin: PluginAdvisoriesFragment }) {
  const hits = affecting(plugin);
  if (hits.length === 0) return null;
  const malware = hits.some((a) => a.kind === 'MALWARE');
  return (
    <p className="notice notice-warn" role="note" id="advisory-banner">
      {malware ? 'Malware: ' : 'Security advisory: '}
      version {plugin.version} is affected by {hits.map((a) => `${a.id} (${a.severity.toLowerCase()})`).join(', ')}. <a href="#advisories-heading">Details</a>
    </p>
  );
}

/** Every advisory about the plugin, with its severity, ranges and links. */
export function AdvisoriesSection({ plugin }: { plugin: PluginAdvisoriesFragment }) {
  if (plugin.advisories.length === 0) return null;
  return (
    <section aria-labelledby="advisories-heading">
      <h2 id="advisories-heading">Security advisories ({plugin.advisories.length})</h2>
      <ul className="advisories">
        {plugin.advisories.map((a) => (
          <li key={a.id} className="advisory">
            <p>
              <strong>{a.id}</strong> <span className={`badge severity-${a.severity.toLowerCase()}`}>{a.severity.toLowerCase()}</span>{' '}
              <span className="badge">{a.kind.toLowerCase().replace('_', ' ')}</span> {a.summary}
            </p>
            <p className="muted">
              Affected: <code>{a.affected}</code> · Fixed in: {a.patched ? <code>{a.patched}</code> : 'no fixed version yet'} · Published {day(a.publishedAt)}
            </p>
            {a.references.length > 0 && (
              <ul className="references">
                {a.references.map((url) => (
                  <li key={url}>
                    <a href={url} rel="nofollow noopener">
                      {url}
                    </a>
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** A search result's mark when its current version is under an advisory (malware first, else the most severe). */
export function AdvisoryMark({ plugin }: { plugin: ResultAdvisoriesFragment }) {
  const hits = plugin.latestVersion?.advisories ?? [];
  if (hits.length === 0) return null;
  const order = ['CRITICAL', 'HIGH', 'MODERATE', 'LOW'];
  const worst = hits.find((a) => a.kind === 'MALWARE') ?? [...hits].sort((a, b) => order.indexOf(a.severity) - order.indexOf(b.severity))[0];
  return (
    <span className="badge badge-warn advisory-mark" title={hits.map((a) => a.id).join(', ')}>
      ⚠ {worst.kind === 'MALWARE' ? 'malware' : `${worst.severity.toLowerCase()} advisory`}
    </span>
  );
}
