/** A list of lowercase names as an enum object (`['vision']` → `{ VISION: 'vision' }`), for GraphQL enums and the ORM. */
export function enumOf<const N extends string>(names: readonly N[]): { readonly [K in N as Uppercase<K>]: K } {
  return Object.fromEntries(names.map((name) => [name.toUpperCase(), name])) as { readonly [K in N as Uppercase<K>]: K };
}
