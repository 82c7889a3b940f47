import type { PluginViewerQuery } from '../gql/graphql.js';
import type { FormProblem } from './account-pages.js';

/**
 * The signed-in reader's controls on a plugin's page: the star and their review. They are only ever rendered into the
 * page a session gets (never kept, `no-store`); the page kept for everyone has links to sign in instead.
 */
export interface PluginViewer {
  csrf: string;
  starred: boolean;
  /** The reader owns or maintains the plugin: reviews are for its users. */
  author: boolean;
  review: NonNullable<NonNullable<PluginViewerQuery['plugin']>['viewerReview']> | null;
  /** A refused star or review, shown beside its form; `review` keeps what was typed. */
  problem?: FormProblem & { form: 'star' | 'review' };
  typed?: { rating: string; comment: string };
}

const signIn = (id: string) => `/login?next=${encodeURIComponent(`/plugins/${id}`)}`;

export function StarControl({ pluginId, stars, viewer }: { pluginId: string; stars: number; viewer?: PluginViewer }) {
  if (!viewer) {
    return (
      <p className="viewer-star">
        <a href={signIn(pluginId)} className="button-link">
          ☆ Sign in to star
        </a>
      </p>
    );
  }
  return (
    <div className="viewer-star">
      <form method="post" action={`/plugins/${pluginId}/${viewer.starred ? 'unstar' : 'star'}`}>
        <input type="hidden" name="csrf" value={viewer.csrf} />
        <button type="submit" aria-pressed={viewer.starred} aria-label={`${viewer.starred ? 'Unstar' : 'Star'} this plugin (${stars.toLocaleString('en-US')} stars)`}>
          <span aria-hidden="true">{viewer.starred ? '★ Unstar' : '☆ Star'}</span>
        </button>
      </form>
      {viewer.problem?.form === 'star' && (
        <p className="notice notice-warn" role="alert">
          {viewer.problem.message}
        </p>
      )}
    </div>
  );
}

export function ReviewForm({ pluginId, viewer }: { pluginId: string; viewer?: PluginViewer }) {
  if (!viewer) {
    return (
      <p className="viewer-review">
        <a href={signIn(pluginId)}>Sign in to review this plugin</a>
      </p>
    );
  }
  if (viewer.author) {
    return (
      <p className="viewer-review muted">
        You own or maintain this plugin: reviews are for its users. Its figures are on <a href={`/dashboard/${pluginId}`}>your dashboard</a>.
      </p>
    );
  }
  const problem = viewer.problem?.form === 'review' ? viewer.problem : undefined;
  const rating = viewer.typed?.rating ?? String(viewer.review?.rating ?? '');
  const comment = viewer.typed?.comment ?? viewer.review?.comment ?? '';
  return (
    <form method="post" action={`/plugins/${pluginId}/review`} className="form viewer-review" aria-labelledby="your-review-heading">
      <h3 id="your-review-heading">{viewer.review ? 'Edit your review' : 'Write a review'}</h3>
      {viewer.review?.hidden && <p className="notice notice-warn">A moderator hid your review; editing it does not show it again.</p>}
      <input type="hidden" name="csrf" value={viewer.csrf} />
      <fieldset aria-invalid={problem?.field === 'rating' || undefined} aria-describedby={problem ? 'review-problem' : undefined}>
        <legend>Rating</legend>
        {[1, 2, 3, 4, 5].map((r) => (
          <label key={r} className="check">
            <input type="radio" name="rating" value={r} defaultChecked={rating === String(r)} required /> {r} {r === 1 ? 'star' : 'stars'}
          </label>
        ))}
      </fieldset>
      <p className="field">
        <label htmlFor="review-comment">Comment</label>
        <textarea id="review-comment" name="comment" rows={4} maxLength={2000} defaultValue={comment} aria-invalid={problem?.field === 'comment' || undefined} aria-describedby={problem ? 'review-problem' : undefined} />
      </p>
      {problem && (
        <p className="notice notice-warn" role="alert" id="review-problem">
          {problem.message}
        </p>
      )}
      <button type="submit">{viewer.review ? 'Update review' : 'Post review'}</button>
    </form>
  );
}
