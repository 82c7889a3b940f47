import { random } from '../../server/modules/catalog/catalog.service.js';

/**
 * A realistic catalog for benchmarks, generated deterministically (never committed as data): an English-like
 * vocabulary whose word frequencies follow Zipf's law (real domain words and function words at the top, a long
 * tail of pronounceable made-up words), descriptions of 5–40 words, ids and names like real package names
 * (`fast-llama-bridge`, `vision-kit-js`), 3–8 tags from 300, Zipf downloads and 2 versions a plugin.
 * The same count always gives the same catalog, and the query lists below are drawn from its vocabulary.
 */

/** The head of the vocabulary, most frequent first: function words, then the words of the domain. */
const HEAD = (
  'the for and with to of a in on your from that by as is an or at fast simple tiny open ' +
  'provider plugin model api client chat llm ai stream streaming local cloud server http grpc text vision embeddings ' +
  'openai anthropic claude gpt llama mistral gemini ollama cohere azure aws bedrock vertex groq together deepseek qwen ' +
  'completion completions inference gateway proxy bridge adapter wrapper kit sdk tools tool function calling agent agents ' +
  'image images audio speech voice translate translation search vector vectors rag retrieval memory cache cached token tokens ' +
  'fine tuning batch async realtime secure private enterprise community official experimental support supports using ' +
  'lightweight minimal robust powerful flexible modern easy quick high performance low latency self hosted hosting ' +
  'generate generation summarize summary classify classification sentiment code coding assistant writer writing data ' +
  'json yaml config schema router routing balancer load retry fallback monitor metrics logging observability trace ' +
  'multi modal multimodal language languages english french german spanish japanese chinese korean open source'
).split(' ');

const ONSETS = ['', 'b', 'c', 'd', 'f', 'g', 'h', 'j', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'w', 'z', 'br', 'cr', 'dr', 'fl', 'gr', 'pl', 'pr', 'sh', 'st', 'str', 'th', 'tr', 'ch', 'sp', 'sl', 'qu'];
const NUCLEI = ['a', 'e', 'i', 'o', 'u', 'ai', 'ea', 'ee', 'io', 'ou', 'y', 'oa'];
const CODAS = ['', 'n', 'r', 's', 't', 'l', 'm', 'nd', 'ng', 'st', 'ck', 'x', 'ss', 'rt', 'nt', 'sh', 'ze', 'ble', 'tion', 'ment', 'er', 'ly', 'ing', 'ed'];

/** Vocabulary size: the head plus this many made-up words. */
const TAIL_WORDS = 30_000;

function makeVocabulary(): string[] {
  const rand = random('loom-bench-vocabulary');
  const words = new Set(HEAD);
  while (words.size < HEAD.length + TAIL_WORDS) {
    const syllables = 1 + Math.floor(rand() * 3);
    let w = '';
    for (let s = 0; s < syllables; s++) {
      w += ONSETS[Math.floor(rand() * ONSETS.length)] + NUCLEI[Math.floor(rand() * NUCLEI.length)];
      if (s === syllables - 1 || rand() < 0.3) w += CODAS[Math.floor(rand() * CODAS.length)];
    }
    if (w.length >= 3 && w.length <= 14) words.add(w);
  }
  return [...words];
}

export const VOCABULARY = makeVocabulary();

/** Samples ranks 0..n-1 with probability ∝ 1/(rank+1)^s. */
function zipf(n: number, s: number, rand: () => number): () => number {
  const cdf = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) cdf[i] = total += 1 / (i + 1) ** s;
  return () => {
    const x = rand() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/** Words that each appear in ~1% of descriptions: the "~1% term" scenarios search for one. */
export const RARE_WORDS = Array.from({ length: 100 }, (_, i) => `rare${VOCABULARY[HEAD.length + 1000 + i]}`);

/** The vocabulary's first words: "the", "for", "and"… */
const FUNCTION_WORDS = 20;
const TAGS = VOCABULARY.slice(FUNCTION_WORDS, FUNCTION_WORDS + 300);
const SUFFIXES = ['', '', '', '', '-js', '-plugin', '-provider', '-client', '-kit', '-connector', '-lite', '-pro', '2'];
const title = (w: string) => w[0].toUpperCase() + w.slice(1);

export interface Corpus {
  version: '1.0';
  plugins: Record<string, unknown>[];
}

export function realisticCatalog(count: number): Corpus {
  const rand = random('loom-bench-catalog');
  const word = zipf(VOCABULARY.length, 1.05, rand);
  // ids are made of the words people name packages with: skip the function words
  const nameWord = zipf(VOCABULARY.length - FUNCTION_WORDS, 0.9, rand);
  const tag = zipf(TAGS.length, 1.0, rand);
  const taken = new Set<string>();
  const plugins: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const parts = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => VOCABULARY[FUNCTION_WORDS + nameWord()]);
    let id = `${parts.join('-')}${SUFFIXES[Math.floor(rand() * SUFFIXES.length)]}`.slice(0, 60).replace(/-+$/, '');
    if (id.length < 2) id = `${id}x`;
    for (let n = 2; taken.has(id); n++) id = `${parts.join('-').slice(0, 55)}-${n}`;
    taken.add(id);
    const length = 5 + Math.floor(rand() * 36);
    const words = Array.from({ length }, () => VOCABULARY[word()]);
    if (i % 100 === 7) words.splice(Math.floor(rand() * length), 0, RARE_WORDS[Math.floor(i / 100) % RARE_WORDS.length]);
    const tags = new Set<string>();
    const tagCount = 3 + Math.floor(rand() * 6);
    while (tags.size < tagCount) tags.add(TAGS[tag()]);
    // downloads follow the plugin's popularity rank, which is not its position in the catalog
    const rank = Math.floor(rand() * count);
    const downloads = Math.floor(5_000_000 / (rank + 1) ** 1.07);
    const day = Math.floor(rand() * 600);
    const versions = [0, 1].map((v) => ({
      version: `${1 + v}.${Math.floor(rand() * 10)}.0`,
      published_at: new Date(Date.UTC(2025, 0, 1) + (day + v * 30) * 86_400_000).toISOString(),
      changes: `Release ${v + 1}`,
    }));
    const latest = versions[1].version;
    plugins.push({
      id,
      name: parts.map(title).join(' '),
      provider_type: id.slice(0, 64),
      description: `${title(words.join(' '))}.`,
      author: `${VOCABULARY[FUNCTION_WORDS + nameWord()]} ${VOCABULARY[FUNCTION_WORDS + nameWord()]}`,
      version: latest,
      license: rand() < 0.7 ? 'MIT' : 'Apache-2.0',
      homepage: `https://github.com/loom-bench/${id}`,
      repository: `https://github.com/loom-bench/${id}`,
      downloads,
      rating: Math.round((3 + rand() * 2) * 10) / 10,
      reviews: Math.floor(rand() * 200),
      verified: rand() < 0.05,
      tags: [...tags],
      capabilities: { streaming: rand() < 0.7, function_calling: rand() < 0.5, vision: rand() < 0.3, embeddings: rand() < 0.2, fine_tuning: rand() < 0.1 },
      install: { type: 'http', manifest_url: `https://raw.githubusercontent.com/loom-bench/${id}/main/plugin.yaml` },
      screenshots: [],
      published_at: versions[0].published_at,
      updated_at: versions[1].published_at,
      versions,
      ...(i === 0
        ? { review_samples: Array.from({ length: 5 }, (_, r) => ({ author: `bench_user_${r}`, rating: 3 + (r % 3), comment: `Review ${r} of the benchmark plugin`, date: '2026-01-10' })) }
        : {}),
    });
  }
  return { version: '1.0', plugins };
}

/**
 * `count` distinct search queries as users type them: prefixes of 2–14 letters of words drawn by frequency, and
 * two-word queries (a whole word, then a prefix of the next). People search for what a plugin does, not for "the":
 * the words come from the vocabulary after its function words, with the catalog's own Zipf law. Many still name
 * nothing in the catalog (the long tail) or only a misspelling of something. Deterministic; no query appears twice.
 */
export function distinctQueries(count: number, seed = 1): string[] {
  const rand = random(`loom-bench-queries-${seed}`);
  const content = VOCABULARY.slice(FUNCTION_WORDS);
  const pick = zipf(content.length, 1.05, rand);
  const word = () => FUNCTION_WORDS + pick();
  const seen = new Set<string>();
  const queries: string[] = [];
  for (let attempt = 0; queries.length < count && attempt < count * 50; attempt++) {
    const w = VOCABULARY[word()];
    const cut = (x: string) => x.slice(0, Math.min(x.length, 2 + Math.floor(rand() * 13)));
    const q = rand() < 0.6 ? cut(w) : `${w} ${cut(VOCABULARY[word()])}`;
    if (q.length < 2 || seen.has(q)) continue;
    seen.add(q);
    queries.push(q);
  }
  return queries;
}
