import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ClientError, type Client } from '../../client/client.js';
import { PluginViewerDocument, ReviewPluginDocument, StarPluginDocument, UnstarPluginDocument } from '../../web/gql/graphql.js';
import type { PluginData } from '../../web/src/plugin-page.js';
import type { PluginViewer } from '../../web/src/viewer-controls.js';
import { Representation, sendRepresentation } from '../cache/rest-cache.js';
import { resource } from '../http.js';
import { registerFormPages, text, type Form, type FormDeps } from './forms.js';

export interface PluginPages {
  /** The page everyone gets (kept per data version, with its ETag), or its 404 and 400 pages. */
  anonymous(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply>;
  /** The plugin's page data as anyone reads it. */
  plugin(id: string, cursors: PageCursors): Promise<PluginData | null>;
}

/** Where a plugin page's two lists start: its reviews (`reviews_after`) and its dependents (`used_by_after`). */
export interface PageCursors {
  reviewsAfter: string;
  usedByAfter: string;
}

export function pageCursorsOf(request: FastifyRequest): PageCursors {
  const query = request.query as Record<string, unknown>;
  const cursor = (name: string) => (typeof query[name] === 'string' ? (query[name] as string).slice(0, 200) : '');
  return { reviewsAfter: cursor('reviews_after'), usedByAfter: cursor('used_by_after') };
}

/**
 * `/plugins/:id` and the reader's star and review on it. A request without a session cookie gets the page kept for
 * everyone (`pages.anonymous`), which has links to sign in where the controls go; a request with one gets the same
 * page with the session's controls, built for it alone and never kept (`no-store`). Both answer `Vary: Cookie`, so a
 * browser that signs in does not reuse the anonymous copy. Star, unstar and review post CSRF-protected forms that run
 * the API's mutations as the session, then go back to the page (303), or show the API's refusal beside the form.
 */
export function registerPluginViewer(server: FastifyInstance, deps: FormDeps, pages: PluginPages): void {
  registerFormPages(server, deps, (scope, { page, csrfOf, csrfOk, refuseForgery, problemOf, session, endSession, asViewer, toLogin }) => {
    /** The page with the session's controls; the anonymous page when the session is over or the page is not a plugin's. */
    const personal = async (request: FastifyRequest, reply: FastifyReply, id: string, status: number, extra: Pick<PluginViewer, 'problem' | 'typed'> = {}) => {
      const cursors = pageCursorsOf(request);
      let viewer: PluginViewer;
      let plugin: PluginData | null;
      try {
        const [mine, data] = await Promise.all([asViewer(request).request(PluginViewerDocument, { id }), pages.plugin(id, cursors)]);
        if (!mine.plugin || !data) return pages.anonymous(request, reply);
        plugin = data;
        const { viewerHasStarred, viewerCanPublish, viewerReview } = mine.plugin;
        viewer = { csrf: csrfOf(request, reply), starred: viewerHasStarred, author: viewerCanPublish, review: viewerReview, ...extra };
      } catch (err) {
        if (!(err instanceof ClientError)) throw err;
        if (err.code === 'UNAUTHENTICATED') endSession(reply);
        // no such plugin, a malformed cursor, a session that ended: what everyone gets
        return pages.anonymous(request, reply);
      }
      const value = { kind: 'plugin', plugin, ...cursors, viewer } as const;
      if (status !== 200) return page(reply.header('vary', 'Accept-Encoding, Cookie'), status, value);
      // compressed as the shared page is (the route's own compression is off for it); an ETag no request can match
      const rep = new Representation(randomBytes(12).toString('base64url'), 'text/html; charset=utf-8', deps.html(value));
      return sendRepresentation(request, reply, rep, { 'cache-control': 'no-store', vary: 'Accept-Encoding, Cookie' });
    };

    resource(
      scope,
      '/plugins/:id',
      {
        GET: async (request, reply) => {
          if (!session(request)) return pages.anonymous(request, reply);
          return personal(request, reply, (request.params as { id: string }).id, 200);
        },
      },
      { compress: false },
    );

    const write = (path: string, form: 'star' | 'review', run: (client: Client, id: string, body: Form) => Promise<unknown>) =>
      resource(scope, path, {
        POST: async (request, reply) => {
          if (!csrfOk(request)) return refuseForgery(reply);
          const { id } = request.params as { id: string };
          const back = `/plugins/${encodeURIComponent(id)}`;
          if (!session(request)) return toLogin(reply, back);
          const body = request.body as Form;
          try {
            await run(asViewer(request), id, body);
            return reply.redirect(form === 'review' ? `${back}#reviews-heading` : back, 303);
          } catch (err) {
            const { status, problem } = problemOf(err);
            if (status === 401) return toLogin(endSession(reply), back);
            const typed = form === 'review' ? { rating: text(body, 'rating'), comment: text(body, 'comment', 4000) } : undefined;
            return personal(request, reply, id, status, { problem: { ...problem, form }, typed });
          }
        },
      });

    write('/plugins/:id/star', 'star', (client, id) => client.request(StarPluginDocument, { id }));
    write('/plugins/:id/unstar', 'star', (client, id) => client.request(UnstarPluginDocument, { id }));
    write('/plugins/:id/review', 'review', (client, id, body) => {
      const rating = text(body, 'rating').trim();
      // anything but a small whole number is the API's to refuse, as a rating out of range
      return client.request(ReviewPluginDocument, { id, rating: /^\d{1,2}$/.test(rating) ? Number(rating) : 0, comment: text(body, 'comment', 4000) });
    });
  });
}
