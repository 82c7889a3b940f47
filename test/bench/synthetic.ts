/**
 * A synthetic catalog for benchmarks: Zipf-distributed downloads, 5 versions a plugin, 3-8 tags from a
 * 200-word vocabulary, and one "rare" word per description shared by ~1% of plugins. Deterministic.
 */
const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'ra', 'su', 'to', 'vi', 'ze', 'qu', 'bar', 'den', 'fal', 'gor', 'hex'];

function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function word(n: number): string {
  let w = '';
  do {
    w += SYLLABLES[n % SYLLABLES.length];
    n = Math.floor(n / SYLLABLES.length);
  } while (n > 0);
  return `${w}x`;
}

export const VOCABULARY = Array.from({ length: 200 }, (_, i) => word(i + 15));
/** Words that each appear in ~1% of descriptions. */
export const RARE_WORDS = Array.from({ length: 100 }, (_, i) => `rare${word(i + 300)}`);

export function syntheticCatalog(count: number): { version: '1.0'; plugins: Record<string, unknown>[] } {
  const rand = rng(42);
  const plugins = [];
  for (let i = 0; i < count; i++) {
    const id = `${word(i)}-${i}-plugin`;
    const tags = new Set<string>();
    const tagCount = 3 + Math.floor(rand() * 6);
    while (tags.size < tagCount) tags.add(VOCABULARY[Math.floor(rand() * VOCABULARY.length)]);
    const downloads = Math.floor(1_000_000 / (i + 1) ** 1.07);
    const minor = Math.floor(rand() * 5);
    // plugin 0 is the detail-page subject: 10 versions and 5 reviews
    const versionCount = i === 0 ? 10 : 5;
    const versions = Array.from({ length: versionCount }, (_, v) => ({
      version: `${1 + Math.floor(v / 3)}.${minor + (v % 3)}.${v}`,
      published_at: new Date(Date.UTC(2025, 0, 1) + (i % 600) * 86_400_000 + v * 7 * 86_400_000).toISOString(),
      changes: `Release ${v + 1} of ${id}`,
    }));
    const latest = versions[versionCount - 1].version;
    plugins.push({
      id,
      name: `${word(i)[0].toUpperCase()}${word(i).slice(1)} Provider ${i}`,
      provider_type: `${word(i % 300)}`,
      description: `Provider plugin ${i} for the ${[...tags].slice(0, 2).join(' and ')} engines, tuned with ${RARE_WORDS[i % RARE_WORDS.length]} support.`,
      author: `Author ${i % 500}`,
      version: latest,
      license: 'MIT',
      homepage: `https://github.com/bench/${id}`,
      repository: `https://github.com/bench/${id}`,
      downloads,
      rating: Math.round((3 + rand() * 2) * 10) / 10,
      reviews: Math.floor(rand() * 200),
      verified: rand() < 0.1,
      tags: [...tags],
      capabilities: { streaming: rand() < 0.7, function_calling: rand() < 0.5, vision: rand() < 0.3, embeddings: rand() < 0.2, fine_tuning: rand() < 0.1 },
      install: { type: 'http', manifest_url: `https://raw.githubusercontent.com/bench/${id}/main/plugin.yaml`, docker_image: `bench/${id}:${latest}` },
      screenshots: [],
      published_at: versions[0].published_at,
      updated_at: versions[versionCount - 1].published_at,
      versions,
      ...(i === 0
        ? { review_samples: Array.from({ length: 5 }, (_, r) => ({ author: `bench_user_${r}`, rating: 3 + (r % 3), comment: `Review ${r} of the benchmark plugin`, date: '2026-01-10' })) }
        : {}),
    });
  }
  return { version: '1.0', plugins };
}
