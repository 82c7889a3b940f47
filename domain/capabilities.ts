import { enumOf } from './names.js';

/** The capability flags of Loom's manifest (`metadata.capabilities`) and registry.json entry: the one list. */
export const CAPABILITY_NAMES = ['streaming', 'function_calling', 'vision', 'embeddings', 'fine_tuning'] as const;
export type CapabilityName = (typeof CAPABILITY_NAMES)[number];

/** The flags as an enum object (`STREAMING: 'streaming'`, …), for GraphQL's `Capability` enum. */
export const CapabilityFlag = enumOf(CAPABILITY_NAMES);
export type CapabilityFlag = CapabilityName;

/** Loom's Go `Capabilities` struct: the flags, and custom capabilities nested under `custom_capabilities`. */
export type CapabilityMap = Record<CapabilityName, boolean> & { custom_capabilities?: Record<string, boolean> };

/** Every key Loom's Go `Capabilities` struct decodes. */
export const CAPABILITY_KEYS = [...CAPABILITY_NAMES, 'custom_capabilities'] as const;

/** One value for each flag: `flags(() => false)` is a map with every flag off, `flags(() => z.boolean())` a zod shape. */
export function flags<T>(value: (name: CapabilityName) => T): Record<CapabilityName, T> {
  return Object.fromEntries(CAPABILITY_NAMES.map((name) => [name, value(name)])) as Record<CapabilityName, T>;
}

export const isCapabilityName = (name: string): name is CapabilityName => (CAPABILITY_NAMES as readonly string[]).includes(name);

/**
 * A key as Go's encoding/json matches it against Loom's (ASCII) json tags: by Unicode simple case folding, under
 * which only ASCII letters and the two runes folding to them, the long s (`ſtreaming`) and the Kelvin sign, match.
 */
export function goFold(key: string): string {
  return key.toLowerCase().replace(/\u017f/g, 's').replace(/\u212a/g, 'k');
}

const FOLDED_CAPABILITY_KEYS = new Set<string>(CAPABILITY_KEYS);

/** Whether a custom capability's name would be read by Loom as one of its own capability keys. */
export function isReservedCapability(name: string): boolean {
  return FOLDED_CAPABILITY_KEYS.has(goFold(name));
}

export const RESERVED_CAPABILITY_MESSAGE = `is a name Loom's capabilities already decode (${CAPABILITY_KEYS.join(', ')}, in any case): set that flag itself, or give the custom capability another name`;
