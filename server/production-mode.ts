/**
 * Libraries' production builds unless NODE_ENV names another mode. Libraries read it once, when first imported, so the
 * server's entry imports this before anything else: graphql-js picks its `instanceOf` then (the development one looks
 * up class names on every failed type check: 13% of an uncached GraphQL page's CPU), and React its build (the
 * development one checks and records every element, a third more CPU for a server-rendered plugin page). Apollo's
 * behaviour does not depend on it here (graphql.ts).
 */
process.env.NODE_ENV ??= 'production';
