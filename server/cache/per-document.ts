import type { DocumentNode } from 'graphql';

/**
 * What follows from a parsed GraphQL document alone, worked out once per document. Apollo keeps the parsed and
 * validated documents (its document store, keyed by the query's hash) and hands the same `DocumentNode` to every
 * request that sends the same query, so a verdict kept beside it lives exactly as long as the document does.
 */
export function perDocument<T>(work: (document: DocumentNode) => T): (document: DocumentNode) => T {
  const kept = new WeakMap<DocumentNode, T>();
  return (document) => {
    if (kept.has(document)) return kept.get(document)!;
    const verdict = work(document);
    kept.set(document, verdict);
    return verdict;
  };
}
